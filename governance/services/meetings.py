"""A meeting: its agenda and papers, who came, its cancellation, and what it decided
and sent on to other groups (OP Annex C ¶2)."""

import datetime
import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction

from directory.choices import Marking
from directory.models import User
from directory.rules import check_marking_within_clearance

from .. import rules
from ..choices import (
    AgendaItemKind,
    AgendaItemStatus,
    AttendanceStatus,
    DecisionOutcome,
    MeetingStatus,
)
from ..models import AgendaItem, Attendance, Decision, Meeting, Paper, ProductVersion, Submission
from ..storage import UPLOAD_MAX_BYTES, content_matches
from .common import _feed_entry, _mark_held, _now, _required
from .planning import _move_open_items, _next_position, _put_on_next_agenda

PAPER_EXTENSIONS = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".txt": "text/plain",
    ".csv": "text/csv",
}


PAPER_MAX_BYTES = UPLOAD_MAX_BYTES


@transaction.atomic
def agenda_item_add(
    *, actor, meeting: Meeting, title: str, description: str = "", marking: str = Marking.OFFICIAL
) -> AgendaItem:
    rules.check_administers(actor, doing="add to a meeting's agenda")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"title": "This meeting was cancelled: nothing can be added to it."})
    title = _required(title, "title", "the item's title")
    check_marking_within_clearance(actor, marking)
    return AgendaItem.objects.create(
        meeting=meeting,
        position=_next_position(meeting),
        title=title[:200],
        description=description.strip(),
        marking=marking,
        added_by=actor,
    )


def _check_upload(upload) -> str:
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in PAPER_EXTENSIONS:
        allowed = ", ".join(sorted(PAPER_EXTENSIONS))
        raise ValidationError({"file": f"Upload a file of one of these types: {allowed}."})
    if upload.size > PAPER_MAX_BYTES:
        raise ValidationError({"file": "The file must be smaller than 20 MB."})
    if upload.size == 0:
        raise ValidationError({"file": "The file is empty."})
    if not content_matches(upload, suffix):
        raise ValidationError(
            {"file": f"The file's content is not a {suffix} file: upload the document itself."}
        )
    return PAPER_EXTENSIONS[suffix]


@transaction.atomic
def paper_add(
    *,
    actor,
    title: str,
    marking: str,
    agenda_item: AgendaItem | None = None,
    product_version: ProductVersion | None = None,
    upload=None,
    link: str = "",
) -> Paper:
    """Attach a paper: an uploaded file (kept in storage, served only through an access
    check) or a link to where the paper is kept. A paper is marked, at no more than the
    uploader's clearance."""
    rules.check_administers(actor, doing="attach papers")
    title = _required(title, "title", "the paper's title")
    check_marking_within_clearance(actor, marking)
    link = (link or "").strip()
    if bool(upload) == bool(link):
        raise ValidationError({"file": "Choose a file to upload, or give a link, but not both."})
    if link and not link.startswith("https://"):
        raise ValidationError({"link": "Give a link that starts with https://."})
    paper = Paper(
        agenda_item=agenda_item,
        product_version=product_version,
        title=title[:200],
        link=link,
        marking=marking,
        added_by=actor,
    )
    if upload:
        paper.content_type = _check_upload(upload)
        paper.original_name = PurePath(upload.name).name[:200]
        # A random name: the uploader's file name is kept only as data.
        stored_name = f"{secrets.token_hex(16)}{PurePath(upload.name).suffix.lower()}"
        paper.file.save(stored_name, upload, save=False)
    paper.save()
    return paper


@transaction.atomic
def attendance_record(
    *, actor, meeting: Meeting, present, apologies=(), now: datetime.datetime | None = None
) -> list[Attendance]:
    """Who came: each member (and the chair) present, with apologies, or absent."""
    rules.check_administers(actor, doing="record attendance")
    rules.check_meeting_takes_records(meeting, now=_now(now), doing="record attendance")
    expected = {
        membership.person_id: membership.person
        for membership in meeting.group.memberships.select_related("person")
    }
    for chair in (meeting.chair, meeting.group.chair):
        if chair is not None:
            expected[chair.pk] = chair
    present_ids = {person.pk for person in present}
    apology_ids = {person.pk for person in apologies}
    for field, ids in (("present", present_ids), ("apologies", apology_ids)):
        strangers = ids - set(expected)
        if strangers:
            names = ", ".join(str(p) for p in User.objects.filter(pk__in=strangers))
            raise ValidationError(
                {field: f"Not a member of the {meeting.group.short_name}: {names}."}
            )
    if not present_ids:
        raise ValidationError({"present": "Tick the people who were present."})
    both = present_ids & apology_ids
    if both:
        raise ValidationError(
            {"apologies": "Someone cannot be both present and sending apologies."}
        )
    records = []
    for person_id in expected:
        status = (
            AttendanceStatus.PRESENT
            if person_id in present_ids
            else AttendanceStatus.APOLOGIES
            if person_id in apology_ids
            else AttendanceStatus.ABSENT
        )
        record, _ = Attendance.objects.update_or_create(
            meeting=meeting, person_id=person_id, defaults={"status": status}
        )
        records.append(record)
    _mark_held(meeting)
    return records


@transaction.atomic
def meeting_cancel(
    *, actor, meeting: Meeting, reason: str, now: datetime.datetime | None = None
) -> Meeting:
    """Cancel a meeting that has not started; what was on its agenda moves to the next."""
    now = _now(now)
    rules.check_administers(actor, doing="cancel meetings")
    rules.check_meeting_can_be_cancelled(meeting, now=now)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_reason = _required(reason, "reason", "why the meeting is cancelled")
    meeting.save(update_fields=["status", "cancelled_reason"])
    _move_open_items(meeting, after=meeting.starts_at)
    return meeting


@transaction.atomic
def meeting_set_chair(*, actor, meeting: Meeting, chair, stand_in_reason: str = "") -> Meeting:
    """Name who chairs one meeting: the holder of the group's chair post, or a stand-in
    recorded with the reason (`rules.check_chair_fits`, OP Annex C). No one named: the
    group's chair chairs it."""
    rules.check_administers(actor, doing="name a meeting's chair")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"chair": "This meeting was cancelled: it has no chair to name."})
    reason = ""
    if chair is not None:
        if not chair.is_active:
            raise ValidationError({"chair": f"{chair} no longer has an active account."})
        reason = rules.check_chair_fits(meeting.group, chair, stand_in_reason=stand_in_reason)
    meeting.chair, meeting.chair_stand_in_reason = chair, reason
    meeting.save(update_fields=["chair", "chair_stand_in_reason"])
    return meeting


@transaction.atomic
def decision_record(
    *,
    actor,
    meeting: Meeting,
    text: str,
    marking: str = Marking.OFFICIAL,
    agenda_item: AgendaItem | None = None,
    outcome: str = "",
    now: datetime.datetime | None = None,
) -> Decision:
    """Record a decision taken at the meeting. A decision on another group's
    recommendation says whether it is approved (OP Annex C ¶2)."""
    now = _now(now)
    rules.check_may_record_at(actor, meeting, doing="record decisions")
    rules.check_meeting_takes_records(meeting, now=now, doing="record its decisions")
    text = _required(text, "text", "the decision")
    check_marking_within_clearance(actor, marking)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Choose an item on this meeting's agenda."})
    submission = agenda_item.submission if agenda_item is not None else None
    if outcome and outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": f"“{outcome}” is not an outcome."})
    if outcome and submission is None:
        raise ValidationError(
            {
                "outcome": (
                    "Only a decision on another group's recommendation or report has an outcome."
                )
            }
        )
    if submission is not None and submission.kind == "recommendation" and not outcome:
        raise ValidationError(
            {"outcome": "Say whether the recommendation is approved (OP Annex C ¶2)."}
        )
    decision = Decision.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text,
        outcome=outcome,
        marking=marking,
        recorded_by=actor,
    )
    if agenda_item is not None and agenda_item.status != AgendaItemStatus.TAKEN:
        agenda_item.status = AgendaItemStatus.TAKEN
        agenda_item.save(update_fields=["status"])
    if submission is not None and outcome:
        submission.status = outcome
        submission.save(update_fields=["status"])
    _feed_entry(
        meeting.group,
        summary=f"{meeting.group.short_name} decided: {text}",
        marking=marking,
        occurs_at=min(now, meeting.ends_at),
        source=decision,
        link=meeting.get_absolute_url(),
        actor=actor,
    )
    _mark_held(meeting)
    return decision


@transaction.atomic
def submission_record(
    *,
    actor,
    meeting: Meeting,
    kind: str,
    title: str,
    detail: str = "",
    priority: int | None = None,
    marking: str = Marking.OFFICIAL,
    now: datetime.datetime | None = None,
) -> Submission:
    """Record what a group sends on: NTIG's prioritised recommendations to the NTTCG, an
    RTIG's to its RTTCG, a DMM's report to the DBM, NSIG's work to the NSTCG, an SGG's
    activity to the NTTCG (OP Annex C ¶1-3). It goes onto each receiving group's next
    agenda at once."""
    now = _now(now)
    rules.check_administers(actor, doing="record what a group sends to another")
    rules.check_meeting_takes_records(meeting, now=now, doing="record what it sends on")
    feeds = list(meeting.group.feeds_out.select_related("target"))
    rules.check_group_sends(meeting.group, kind, feeds)
    title = _required(title, "title", "a title")
    check_marking_within_clearance(actor, marking)
    if priority is not None and priority < 1:
        raise ValidationError({"priority": "Priorities start at 1."})
    submission = Submission.objects.create(
        meeting=meeting,
        kind=kind,
        title=title[:200],
        detail=detail.strip(),
        priority=priority,
        marking=marking,
        recorded_by=actor,
    )
    prefix = f"{meeting.group.short_name}"
    if priority is not None:
        prefix += f" priority {priority}"
    for feed in feeds:
        if feed.kind == kind:
            _put_on_next_agenda(
                feed.target,
                after=now,
                submission=submission,
                kind=AgendaItemKind(kind),
                title=f"{prefix}: {title}",
                description=detail.strip(),
                marking=marking,
            )
    _mark_held(meeting)
    return submission
