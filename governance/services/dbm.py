"""The Daily Briefing Meeting (OP Annex C ¶3): its packs, and what is logged for it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from activity.choices import EntryKind
from activity.services import activity_record
from directory.models import User
from directory.rules import check_marking_within_clearance

from .. import documents, rules, selectors
from ..choices import LOGGABLE_ENTRY_KINDS, GroupCode, MeetingStatus, PackKind
from ..models import DbmPack, Meeting
from .common import _now, _required


def _dbm_meeting_on(day: datetime.date) -> Meeting | None:
    return (
        Meeting.objects.filter(group__code=GroupCode.DBM, starts_at__date=day)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def dbm_pack_build(*, actor=None, now: datetime.datetime | None = None) -> DbmPack:
    """Build a pack for the national DBM as at `now`. Built each morning by beat (once
    a day however often it runs) and on demand. What a reader sees in it is read for
    them from the restricted activity feed (governance.selectors.dbm_pack_contents)."""
    now = _now(now)
    day = timezone.localdate(now)
    if actor is None:
        pack, _ = DbmPack.objects.get_or_create(
            day=day,
            kind=PackKind.MORNING,
            defaults={"as_at": now, "meeting": _dbm_meeting_on(day)},
        )
        return pack
    if DbmPack.access_scope(actor, "view") is None:
        raise PermissionDenied("Only the NCA and members of the daily meetings build DBM packs.")
    return DbmPack.objects.create(
        day=day, kind=PackKind.ON_DEMAND, as_at=now, meeting=_dbm_meeting_on(day), built_by=actor
    )


def dbm_pack_render_for_members(pack: DbmPack) -> int:
    """Render ahead of the meeting the PDF each member of the DBM and the DMMs will open,
    each read for them through the restricted feed. Readers who see the same entries
    share one rendering; anyone else's is rendered when they first ask."""
    members = User.objects.filter(
        is_active=True,
        governance_memberships__group__code__in=[GroupCode.DBM, GroupCode.DMM],
    ).distinct()
    rendered = set()
    for member in members.select_related("organisation"):
        contents = selectors.dbm_pack_contents(user=member, pack=pack)
        if contents.signature not in rendered:
            documents.dbm_pack_pdf(contents)
            rendered.add(contents.signature)
    return len(rendered)


@transaction.atomic
def activity_log(
    *,
    actor,
    kind: str,
    summary: str,
    occurs_at: datetime.datetime | None,
    marking: str,
    urgent: bool = False,
    detail: str = "",
    now: datetime.datetime | None = None,
):
    """Log a significant event, planned operational activity or an urgent demand into
    the activity feed, for the daily meetings and the DBM (OP Annex C ¶3)."""
    now = _now(now)
    daily = selectors.daily_management_memberships(actor)
    rules.check_may_log_to_feed(actor, is_daily_member=daily.exists())
    kinds = dict(LOGGABLE_ENTRY_KINDS)
    if kind not in kinds:
        raise ValidationError({"kind": f"Choose one of: {', '.join(kinds.values()).lower()}."})
    summary = _required(summary, "summary", "a summary")
    if occurs_at is None:
        raise ValidationError({"occurs_at": "Enter when it happened or is planned for."})
    if kind == EntryKind.SIGNIFICANT_EVENT and occurs_at > now + datetime.timedelta(hours=1):
        raise ValidationError(
            {"occurs_at": "A significant event has happened: enter a time in the past."}
        )
    if kind == EntryKind.PLANNED_OPERATION and occurs_at < now - datetime.timedelta(hours=1):
        raise ValidationError(
            {"occurs_at": "Planned activity is in the future: enter a time to come."}
        )
    if abs(occurs_at - now) > datetime.timedelta(days=366):
        raise ValidationError({"occurs_at": "Enter a time within a year of today."})
    check_marking_within_clearance(actor, marking)
    membership = daily.first()
    region = membership.group.region if membership else actor.organisation.region
    return activity_record(
        kind=kind,
        summary=summary,
        detail=detail.strip(),
        occurs_at=occurs_at,
        marking=marking,
        urgent=urgent,
        organisation=actor.organisation,
        region=region,
        recorded_by=actor,
    )
