"""A meeting's minutes: drafted by the secretariat, amended by the attendees while
circulated, approved by the chair and frozen."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from directory.access import has_role
from directory.choices import Role
from directory.history import marking_change
from directory.rules import check_marking_within_clearance
from notifications.choices import Kind

from .. import rules
from ..choices import AttendanceStatus, MinutesStatus
from ..models import Meeting, Minutes, MinutesRevision
from .common import _mark_held, _notify, _now, _required


@transaction.atomic
def minutes_save(
    *,
    actor,
    meeting: Meeting,
    text: str,
    marking: str,
    marking_reason: str = "",
    now: datetime.datetime | None = None,
) -> Minutes:
    """The secretariat drafts the minutes; attendees amend them while circulated; once
    approved, nothing changes them (the database refuses too). Only the group's host
    organisation lowers their marking, with a reason (issue 9 §2)."""
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    rules.check_may_draft_minutes(actor, minutes)
    rules.check_meeting_takes_records(meeting, now=_now(now), doing="minute it")
    text = _required(text, "text", "the minutes")
    check_marking_within_clearance(actor, marking)
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, text=text, marking=marking)
        note = "Drafted"
    else:
        if marking != minutes.marking and not has_role(actor, Role.SECRETARIAT):
            raise ValidationError({"marking": "Only the secretariat changes the minutes' marking."})
        with marking_change(
            actor=actor,
            record_organisation=meeting.group.host_organisation,
            old=minutes.marking,
            new=marking,
            reason=marking_reason,
        ):
            minutes.text, minutes.marking = text, marking
            minutes.save(update_fields=["text", "marking", "updated_at"])
        note = "Amended" if minutes.status == MinutesStatus.CIRCULATED else "Redrafted"
    MinutesRevision.objects.create(
        minutes=minutes, text=text, marking=marking, author=actor, note=note
    )
    _mark_held(meeting)
    return minutes


@transaction.atomic
def minutes_circulate(*, actor, meeting: Meeting) -> Minutes:
    """Send the draft to the attendees (and the chair) for their amendments."""
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    rules.check_may_circulate_minutes(actor, minutes)
    minutes.status = MinutesStatus.CIRCULATED
    minutes.save(update_fields=["status", "updated_at"])
    readers = {
        attendance.person
        for attendance in meeting.attendances.filter(
            status=AttendanceStatus.PRESENT
        ).select_related("person")
    }
    for chair in (meeting.chair, meeting.group.chair):
        if chair is not None:
            readers.add(chair)
    for person in readers:
        _notify(
            person,
            kind=Kind.MINUTES_CIRCULATED,
            text=f"The draft minutes of the {meeting} are ready for your amendments.",
            link=meeting.get_absolute_url(),
            subject="minutes to review",
        )
    return minutes


@transaction.atomic
def minutes_approve(*, actor, meeting: Meeting, now: datetime.datetime | None = None) -> Minutes:
    """The chair approves the minutes; from then on they are frozen."""
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    rules.check_may_approve_minutes(actor, meeting, minutes)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_by, minutes.approved_at = actor, _now(now)
    minutes.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return minutes
