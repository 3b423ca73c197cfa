"""Each person's secret calendar-feed address."""

import secrets

from django.db import transaction
from django.utils import timezone

from ..models import CalendarToken


@transaction.atomic
def calendar_token_issue(*, user) -> str:
    """A new secret address for the user's calendar feed; any earlier one stops working."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(
        user=user, defaults={"digest": CalendarToken.digest_of(token), "last_used_at": None}
    )
    return token


@transaction.atomic
def calendar_token_revoke(*, user) -> bool:
    deleted, _ = CalendarToken.objects.filter(user=user).delete()
    return bool(deleted)


def calendar_token_used(*, user, now=None) -> None:
    """Note when a calendar application last read the feed: the person sees it on their
    calendar page, and knows whether an address they forgot is still in use."""
    CalendarToken.objects.filter(user=user).update(last_used_at=now or timezone.now())
