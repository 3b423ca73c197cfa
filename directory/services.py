"""Every write to the directory and to people's accounts."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from . import rules
from .choices import Clearance
from .models import Organisation, User


def _organisation_named(name: str) -> Organisation:
    try:
        return Organisation.objects.get(name=name)
    except Organisation.DoesNotExist:
        similar = Organisation.objects.filter(name__icontains=name.split()[0] if name else "")
        hint = f" Did you mean: {', '.join(o.name for o in similar[:3])}?" if similar else ""
        raise ValidationError(
            {"organisation": f"No organisation is named “{name}”.{hint}"}
        ) from None


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
    """Create a portal user, or bring an existing one up to date.

    Refuses, naming the field, an unknown organisation, a role that does not fit it,
    an unknown clearance, or a weak password: nothing is written then.
    """
    if not username:
        raise ValidationError({"username": "A username is required."})
    organisation = _organisation_named(organisation_name)
    if not roles:
        raise ValidationError({"roles": "A user holds at least one role."})
    for role in roles:
        rules.check_role_fits_organisation(role, organisation)
    if clearance not in Clearance.values:
        choices = ", ".join(Clearance.values)
        raise ValidationError(
            {"clearance": f"“{clearance}” is not a clearance. Use one of {choices}."}
        )
    posted_to = _organisation_named(posted_to_name) if posted_to_name else None
    rules.check_rocc_posting(roles, posted_to)

    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    user.organisation = organisation
    user.roles = list(dict.fromkeys(roles))
    user.clearance = clearance
    user.posted_to = posted_to
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.email = email or user.email
    # Portal administrators use the admin site, which still restricts what they see.
    user.is_staff = user.is_superuser = "admin" in user.roles
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
    return user, created


@transaction.atomic
def credentials_purge_expired(*, now=None) -> dict[str, int]:
    """Delete expired browser sessions and API tokens: credentials nobody can use any
    more should not linger. Safe to run twice: the second run finds nothing."""
    now = now or timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    tokens, _ = Token.objects.filter(created__lt=now - settings.API_TOKEN_LIFETIME).delete()
    return {"sessions": sessions, "tokens": tokens}
