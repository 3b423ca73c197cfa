"""Every write to the directory and to people's accounts."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from . import rules
from .access import require_role
from .calendar import long_date
from .choices import Clearance, Role, RoleGrantStatus, TokenEnd
from .models import (
    ApiToken,
    ClearanceReviewReminder,
    Organisation,
    RocuMembership,
    RoleGrant,
    User,
)
from .signals import clearance_review_due
from .two_factor import second_factor_verify


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
    if len(reason) > rules.TEXT_MAX_LENGTH:
        raise ValidationError(
            {"reason": f"Say why in at most {rules.TEXT_MAX_LENGTH:,} characters."}
        )
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


# --- Credentials: API tokens, sessions, passwords (issue 9 §3) ------------------------

# One answer for every wrong credential, whichever it was: an attacker guessing
# passwords must not learn that one was right from an answer about the code.
WRONG_CREDENTIALS = (
    "Unable to sign in with that username, password and one-time code (otp). The code is "
    "the one your authenticator app shows now, or one of your recovery codes. No second "
    "factor yet? Sign in to the portal in a browser to set one up first."
)


def api_token_obtain(
    *, request, username: str, password: str, otp: str, client: str, hours: int | None = None
) -> tuple[ApiToken, str]:
    """A token for a person who proves both factors: their password, then a one-time code
    from one of their devices (TOTP or a recovery code). Nobody without a second factor
    gets one (issue 9 §3). Every failure answers alike, naming `otp`, and counts towards
    the lockout; django-axes refuses a locked-out name and address in `authenticate`."""
    user = authenticate(request, username=username, password=password)
    # The code is checked only once the password is right, so that nobody without the
    # password can use up the person's codes or trip their device's throttle.
    if user is None or second_factor_verify(user=user, code=otp) is None:
        if user is not None:
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=request
            )
        raise ValidationError({"otp": WRONG_CREDENTIALS})
    token, key = api_token_issue(actor=user, name=client, hours=hours)
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return token, key


@transaction.atomic
def api_token_issue(*, actor, name: str, hours: int | None = None) -> tuple[ApiToken, str]:
    """A new API token for `actor`'s client `name`, and its key, which is shown this once
    and never kept: one token per client, so a token the client held before ends. Expires
    after API_TOKEN_LIFETIME, or sooner if asked. Nobody whose clearance has lapsed is
    given one."""
    name = name.strip()
    if not name:
        raise ValidationError({"client": "Name the client the token is for."})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"client": "A client's name is at most 100 characters."})
    lifetime = settings.API_TOKEN_LIFETIME
    if hours is not None:
        if not 1 <= hours <= lifetime.total_seconds() // 3600:
            limit = int(lifetime.total_seconds() // 3600)
            raise ValidationError({"hours": f"A token lasts from 1 to {limit} hours."})
        lifetime = datetime.timedelta(hours=hours)
    if not rules.clearance_in_force(actor):
        raise PermissionDenied(
            "Your clearance is due for review: no API token until it is renewed."
        )
    now = timezone.now()
    User.objects.select_for_update().filter(pk=actor.pk).first()  # one issue at a time
    ApiToken.objects.filter(user=actor, name=name, revoked_at__isnull=True).update(
        revoked_at=now, ended_because=TokenEnd.REPLACED
    )
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        digest=ApiToken.digest_of(key),
        prefix=key[:8],
        expires_at=now + lifetime,
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    """`actor` ends one of their own tokens; it answers 401 from then on."""
    if token.user_id != actor.pk:
        raise PermissionDenied("Only its owner revokes a token.")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), ended_because=TokenEnd.REVOKED
    )


@transaction.atomic
def api_tokens_end(*, user, because: str) -> int:
    """End every token `user` still holds: their password changed, they signed out
    everywhere, their clearance lapsed or their account was deactivated."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), ended_because=because
    )


@transaction.atomic
def user_account_save(*, actor, person: User, changed: list[str]) -> User:
    """Save a portal administrator's changes to `person`'s account: names, e-mail, line
    manager, the clearance review date, whether the account is active. Renewing a
    clearance's review date renews the clearance, and (de)activating an account decides
    whether it is used at all: like a grant, nobody does either to themselves (issue 9
    §1). A deactivated account's sessions and API tokens end at once (issue 9 §3)."""
    require_role(actor, Role.ADMIN, doing="change people's accounts")
    if {"clearance_review_on", "is_active"} & set(changed):
        rules.check_not_own_grant(actor, person)
    if person.line_manager_id is not None and person.line_manager_id == person.pk:
        raise ValidationError(
            {"line_manager": "Choose someone else: nobody is their own line manager."}
        )
    person.save()
    if "is_active" in changed and not person.is_active:
        credentials_end_all(user=person, because=TokenEnd.DEACTIVATED)
    return person


@transaction.atomic
def credentials_end_all(*, user, because: str) -> None:
    """Sign `user` out everywhere: every session (the session's hash no longer matches,
    see `User.get_session_auth_hash`) and every API token ends."""
    api_tokens_end(user=user, because=because)
    user.sessions_ended_at = timezone.now()
    User.objects.filter(pk=user.pk).update(sessions_ended_at=user.sessions_ended_at)


@transaction.atomic
def credentials_password_change(*, user, new_password: str) -> None:
    """A new password (already checked against the validators and the old one by the
    form); every session and token made with the old one ends."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    credentials_end_all(user=user, because=TokenEnd.PASSWORD_CHANGED)


@transaction.atomic
def credentials_purge_expired(*, now=None) -> dict[str, int]:
    """Delete expired browser sessions and API tokens that can no longer be used (their
    history stays), and end the tokens of people whose clearance has lapsed or whose
    account is deactivated. Safe to run twice: the second run finds nothing."""
    now = now or timezone.now()
    lapsed = ApiToken.objects.filter(revoked_at__isnull=True, user__is_active=True).filter(
        user__clearance_review_on__lt=timezone.localdate(now)
    )
    lapsed.update(revoked_at=now, ended_because=TokenEnd.CLEARANCE_LAPSED)
    ApiToken.objects.filter(revoked_at__isnull=True, user__is_active=False).update(
        revoked_at=now, ended_because=TokenEnd.DEACTIVATED
    )
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    unusable = Q(expires_at__lt=now) | Q(revoked_at__isnull=False)
    tokens, _ = ApiToken.objects.filter(unusable).delete()
    return {"sessions": sessions, "tokens": tokens}


# --- Clearance reviews (issue 9 §3) ----------------------------------------------------


def clearance_reviews_remind(*, today=None) -> int:
    """Tell each person whose clearance review falls due within CLEARANCE_REVIEW_NOTICE
    (or has passed unannounced), their line manager and the portal administrators,
    through the notification centre, once per review date: run twice, it tells once.
    Returns how many people were the subject of a reminder. The message holds names and
    dates only, never marked content."""
    today = today or timezone.localdate()
    due = (
        User.objects.filter(is_active=True)
        .filter(clearance_review_on__lte=today + settings.CLEARANCE_REVIEW_NOTICE)
        .exclude(clearance_reminders__review_on=F("clearance_review_on"))
        .select_related("line_manager", "organisation")
    )
    administrators = list(User.objects.filter(is_active=True, roles__contains=[Role.ADMIN]))
    return sum(_clearance_review_remind(person, administrators, today=today) for person in due)


@transaction.atomic
def _clearance_review_remind(person, administrators, *, today) -> int:
    reminder, created = ClearanceReviewReminder.objects.get_or_create(
        user=person, review_on=person.clearance_review_on
    )
    if not created:  # another run got there first
        return 0
    manager = person.line_manager if person.line_manager and person.line_manager.is_active else None
    recipients = [p for p in [person, manager, *administrators] if p and p.is_active]
    reminder.sent_to = list(dict.fromkeys(p.email for p in recipients if p.email))
    reminder.save(update_fields=["sent_to"])
    on = long_date(person.clearance_review_on)
    if person.clearance_review_on < today:
        subject = f"the clearance review of {person} is overdue"
        when = f"was due for review on {on}. Until it is renewed, they see nothing above OFFICIAL"
    else:
        subject = f"the clearance review of {person} is due on {on}"
        when = (
            f"is due for review on {on}. If it is not renewed by then, they will see nothing "
            "above OFFICIAL in the portal and their API tokens will end"
        )
    text = f"The security clearance of {person} ({person.organisation}) {when}."
    # The administrators record the renewed date on the person's page of the admin site.
    admin_page = reverse("admin:directory_user_change", args=[person.pk])
    to_admins = [p for p in recipients if p in administrators]
    others = [p for p in recipients if p not in administrators]
    for told, link in ((others, "/"), (to_admins, admin_page)):
        clearance_review_due.send(
            sender=User, recipients=told, text=text[:300], link=link, subject=subject
        )
    return 1


@transaction.atomic
def rocu_memberships_apply(*, today: datetime.date | None = None) -> int:
    """Keep each force's `rocu`, which routing reads (OP §21), equal to its dated
    membership on `today` (`rules.rocu_on`): a move dated in the reference data takes
    effect on its day. Run after each reference-data load and every night; says how many
    forces changed ROCU."""
    today = today or timezone.localdate()
    current = dict(RocuMembership.objects.on(today).values_list("force_id", "rocu_id"))
    forces = Organisation.objects.filter(
        Q(rocu_memberships__isnull=False) | Q(rocu__isnull=False)
    ).distinct()
    changed = [force for force in forces if force.rocu_id != current.get(force.pk)]
    for force in changed:
        force.rocu_id = current.get(force.pk)
        force.save(update_fields=["rocu"])
    return len(changed)
