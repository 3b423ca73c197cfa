"""What every governance write shares: the clock, required text, the secretariat's
role, a meeting marked held, a message to a person, an entry in the activity feed."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from activity.choices import EntryKind
from activity.services import activity_record
from notifications.services import notify

from ..choices import MeetingStatus
from ..models import Meeting


def _now(now):
    return now or timezone.now()


def _required(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"Enter {what}."})
    return value


def _mark_held(meeting: Meeting) -> None:
    """A meeting at which something was recorded took place."""
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])


def _notify(person, *, kind: str, text: str, link: str, subject: str) -> None:
    """A message in the portal and by e-mail, through the notification centre. `text`
    must already be free of detail marked above OFFICIAL (rules.safe_summary)."""
    notify([person], kind=kind, text=text[:300], link=link, subject=subject)


def _feed_entry(group, *, summary, marking, occurs_at, source, link, actor) -> None:
    activity_record(
        kind=EntryKind.GOVERNANCE,
        summary=summary,
        occurs_at=occurs_at,
        marking=marking,
        source=source,
        link=link,
        organisation=group.host_organisation,
        region=group.region,
        recorded_by=actor,
    )
