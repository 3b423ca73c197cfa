"""Every write to the directory and to people's accounts."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from . import rules
from .access import require_role
from .choices import Clearance, Role, RoleGrantStatus
from .models import Organisation, RoleGrant, User


def _organisation_named(name: str) -> Organisation:
    try:
        return Organisation.objects.get(name=name)
    except Organisation.DoesNotExist:
        similar = Organisation.objects.filter(name__icontains=name.split()[0] if name else "")
        hint = f" Did you mean: {', '.join(o.name for o in similar[:3])}?" if similar else ""
        raise ValidationError(
            {"organisation": f"No organisation is named “{name}”.{hint}"}
        ) from None


def _check_grant(*, organisation, roles, clearance, posted_to) -> None:
    """The rules every grant of roles and a clearance meets, whoever makes it: at least
    one role, each fitting the person's organisation, a real clearance, and a ROCC
    posted to a ROCU (directory/rules.py)."""
    if not roles:
        raise ValidationError({"roles": "A user holds at least one role."})
    for role in roles:
        rules.check_role_fits_organisation(role, organisation)
    if clearance not in Clearance.values:
        choices = ", ".join(Clearance.values)
        raise ValidationError(
            {"clearance": f"“{clearance}” is not a clearance. Use one of {choices}."}
        )
    rules.check_rocc_posting(roles, posted_to)


@transaction.atomic
def user_create_or_update(
    *,
    username: str,
    password: str | None,
    organisation_name: str,
    roles: list[str],
    clearance: str = Clearance.BPSS,
    posted_to_name: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> tuple[User, bool]:
    """Create a portal user, or bring an existing one up to date (provisioning, by
    `manage.py create_portal_user`: the system, not a person).

    Refuses, naming the field, an unknown organisation, a role that does not fit it,
    an unknown clearance, or a weak password: nothing is written then.

    A new account is given its roles and clearance at once, recorded as a grant by the
    system: that is how the first accounts exist. A change to an existing account's roles
    or clearance is a grant like any other (`role_grant_request`): the senior roles and
    DV wait, pending, for an administrator's approval in the browser.
    """
    if not username:
        raise ValidationError({"username": "A username is required."})
    organisation = _organisation_named(organisation_name)
    posted_to = _organisation_named(posted_to_name) if posted_to_name else None
    roles = list(dict.fromkeys(roles))
    _check_grant(organisation=organisation, roles=roles, clearance=clearance, posted_to=posted_to)

    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, roles=roles, clearance=clearance, posted_to=posted_to)
    user.organisation = organisation
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.email = email or user.email
    user.is_staff = Role.ADMIN in user.roles
    user.is_superuser = False  # nobody in the portal is (issue 9 §1)
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
        user.set_password(password)
    elif created:
        raise ValidationError({"password": "A new user needs a password."})
    user.full_clean(exclude=["password"])
    user.save()
    if created:
        RoleGrant.objects.create(
            subject=user, roles=roles, clearance=clearance, posted_to=posted_to,
            reason="Account provisioned with create_portal_user.",
            status=RoleGrantStatus.APPLIED, decided_at=timezone.now(),
        )  # fmt: skip
    elif (roles, clearance, posted_to) != (user.roles, user.clearance, user.posted_to):
        role_grant_request(
            actor=None, subject=user, roles=roles, clearance=clearance, posted_to=posted_to,
            reason="Changed with create_portal_user.",
        )  # fmt: skip
        user.refresh_from_db()
    return user, created


# --- role and clearance grants (issue 9 §1) -------------------------------------------------


@transaction.atomic
def role_grant_request(
    *, actor, subject: User, roles: list[str], clearance: str, posted_to=None, reason: str
) -> RoleGrant:
    """Grant `subject` these roles and this clearance (replacing what they hold).

    `actor` is the portal administrator asking, or None for provisioning by the system.
    Nobody grants themselves anything. The grant meets the same rules as provisioning
    (`_check_grant`). It applies at once, unless it adds a senior role or raises a
    clearance to DV: then it waits, pending, for a second administrator
    (`role_grant_approve`). Every grant is kept, with who asked and who decided.
    """
    if actor is not None:
        require_role(actor, Role.ADMIN, doing="grant roles or clearances")
        rules.check_not_own_grant(actor, subject)
    roles = list(dict.fromkeys(roles))
    _check_grant(
        organisation=subject.organisation, roles=roles, clearance=clearance, posted_to=posted_to
    )
    if not reason.strip():
        raise ValidationError({"reason": "Say why these roles or this clearance are granted."})
    subject = User.objects.select_for_update().get(pk=subject.pk)
    needs_approval = rules.grant_needs_second_person(
        previous_roles=subject.roles,
        previous_clearance=subject.clearance,
        roles=roles,
        clearance=clearance,
    )
    grant = RoleGrant.objects.create(
        subject=subject, roles=roles, clearance=clearance, posted_to=posted_to,
        previous_roles=subject.roles, previous_clearance=subject.clearance, reason=reason,
        requested_by=actor, needs_approval=needs_approval, status=RoleGrantStatus.PENDING,
    )  # fmt: skip
    if not needs_approval:
        _grant_apply(grant, subject)
    return grant


def _locked_pending(grant: RoleGrant) -> RoleGrant:
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.status != RoleGrantStatus.PENDING:
        raise ValidationError({"status": f"This grant is already {grant.get_status_display()}."})
    return grant


@transaction.atomic
def role_grant_approve(*, actor, grant: RoleGrant) -> RoleGrant:
    """A second administrator, neither the one who asked nor the person it is for,
    approves a pending grant; only then does it apply (rules.check_second_person)."""
    grant = _locked_pending(grant)
    rules.check_second_person(actor, grant)
    subject = User.objects.select_for_update().get(pk=grant.subject_id)
    _check_grant(
        organisation=subject.organisation,
        roles=grant.roles,
        clearance=grant.clearance,
        posted_to=grant.posted_to,
    )
    grant.decided_by = actor
    _grant_apply(grant, subject)
    return grant


@transaction.atomic
def role_grant_refuse(*, actor, grant: RoleGrant) -> RoleGrant:
    """A second administrator refuses a pending grant: nothing changes for its subject."""
    grant = _locked_pending(grant)
    rules.check_second_person(actor, grant)
    grant.decided_by = actor
    grant.decided_at = timezone.now()
    grant.status = RoleGrantStatus.REFUSED
    grant.save(update_fields=["decided_by", "decided_at", "status"])
    return grant


def _grant_apply(grant: RoleGrant, subject: User) -> None:
    subject.roles = grant.roles
    subject.clearance = grant.clearance
    subject.posted_to = grant.posted_to
    # Portal administrators are staff on the admin site, which restricts what they see
    # like every other page (directory/admin_base.py); nobody is a superuser.
    subject.is_staff = Role.ADMIN in grant.roles
    subject.is_superuser = False
    subject.save(update_fields=["roles", "clearance", "posted_to", "is_staff", "is_superuser"])
    grant.status = RoleGrantStatus.APPLIED
    grant.decided_at = timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def credentials_purge_expired(*, now=None) -> dict[str, int]:
    """Delete expired browser sessions and API tokens: credentials nobody can use any
    more should not linger. Safe to run twice: the second run finds nothing."""
    now = now or timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    tokens, _ = Token.objects.filter(created__lt=now - settings.API_TOKEN_LIFETIME).delete()
    return {"sessions": sessions, "tokens": tokens}
