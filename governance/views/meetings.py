"""Meetings: the list, a meeting's record, and what is recorded at one (agenda, papers,
attendance, decisions, what it sends on)."""

from functools import partial

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory.access import get_visible_or_404
from directory.forms import Rule
from directory.pages import form_page, list_page, posted
from directory.rules import highest_marking

from .. import rules, selectors, services
from ..choices import SUBMISSION_KINDS
from ..filtersets import MeetingPageFilterSet
from ..forms import (
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    DecisionForm,
    MeetingChairForm,
    PaperForm,
    SubmissionForm,
)
from ..models import AgendaItem, Paper, administers
from .common import GET_OR_POST, visible_meeting

FORM = "governance/form.html"


@require_GET
def meeting_list(request):
    """Today's meetings and those to come, soonest first; past meetings one tab away,
    latest first."""
    past = request.GET.get("when") == "past"
    filters = request.GET.copy()
    for name in ("when", "page"):
        filters.pop(name, None)
    return list_page(
        request,
        "governance/meeting_list.html",
        selectors.meetings_from_today(user=request.user, past=past),
        filterset_class=partial(MeetingPageFilterSet, request=request),
        past=past,
        filters=filters.urlencode(),
    )


@require_GET
def meeting(request, pk: int):
    """A meeting's record as the reader may see it, and what they may do at it."""
    meeting = visible_meeting(request, pk)
    record = selectors.meeting_record(user=request.user, meeting=meeting)
    user = request.user
    sent_kinds = {feed.kind for feed in meeting.group.feeds_out.all()}
    present = {a.person_id for a in record.attendance if a.status == "present"}
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "record": record,
            "administers": administers(user),
            "chairs": rules.is_chair(user, meeting),
            "may_record": rules.may_record_at(user, meeting),
            "may_amend": rules.may_amend_minutes(user, record.minutes, attended=user.pk in present),
            "sends": [label for kind, label in SUBMISSION_KINDS if kind in sent_kinds],
            "started": meeting.starts_at <= timezone.now(),
            "today": timezone.localdate(),
            "page_marking": highest_marking(record.markings),
        },
    )


@GET_OR_POST
def meeting_cancel(request, pk: int):
    meeting = visible_meeting(request, pk)
    rules.check_administers(request.user, doing="cancel meetings")
    return form_page(
        request,
        CancelForm(posted(request)),
        FORM,
        save=lambda data: services.meeting_cancel(
            actor=request.user, meeting=meeting, reason=data["reason"]
        ),
        success=lambda cancelled: (
            "The meeting is cancelled; its open items moved to the next.",
            cancelled,
        ),
        heading="Cancel the meeting",
        caption=str(meeting),
        button="Cancel the meeting",
        back=meeting.get_absolute_url(),
        warning=True,
    )


@GET_OR_POST
def meeting_chair(request, pk: int):
    meeting = visible_meeting(request, pk)
    rules.check_administers(request.user, doing="name a meeting's chair")
    initial = {
        "chair": meeting.chair.username if meeting.chair else "",
        "stand_in_reason": meeting.chair_stand_in_reason,
    }
    return form_page(
        request,
        MeetingChairForm(
            posted(request), people=selectors.people_choices(user=request.user), initial=initial
        ),
        FORM,
        save=lambda data: services.meeting_set_chair(
            actor=request.user,
            meeting=meeting,
            chair=data["chair"],
            stand_in_reason=data["stand_in_reason"],
        ),
        success=lambda saved: ("The meeting's chair is saved.", saved),
        heading="Who chairs the meeting",
        caption=str(meeting),
        button="Save the chair",
        back=meeting.get_absolute_url(),
    )


@GET_OR_POST
def agenda_item_add(request, pk: int):
    meeting = visible_meeting(request, pk)
    rules.check_administers(request.user, doing="add to a meeting's agenda")
    return form_page(
        request,
        AgendaItemForm(posted(request), user=request.user),
        FORM,
        save=lambda data: services.agenda_item_add(actor=request.user, meeting=meeting, **data),
        success=lambda item: ("The item is on the agenda.", meeting),
        heading="Add an agenda item",
        caption=str(meeting),
        button="Add the item",
        back=meeting.get_absolute_url(),
    )


@GET_OR_POST
def paper_add(request, pk: int):
    item = get_visible_or_404(
        request, AgendaItem.objects.select_related("meeting__group__region"), pk=pk
    )
    rules.check_administers(request.user, doing="attach papers")
    back = item.meeting.get_absolute_url()
    return form_page(
        request,
        PaperForm(posted(request), posted(request, files=True), user=request.user),
        FORM,
        save=lambda data: services.paper_add(
            actor=request.user,
            agenda_item=item,
            title=data["title"],
            marking=data["marking"],
            upload=data["file"],
            link=data["link"],
        ),
        success=lambda paper: ("The paper is attached.", back),
        heading="Attach a paper",
        caption=item.title,
        button="Attach the paper",
        back=back,
        multipart=True,
        page_marking=item.marking,
    )


@require_GET
def paper(request, pk: int):
    """A paper: the file, served only to those who may see it, or its link."""
    paper = get_visible_or_404(request, Paper.objects.all(), pk=pk)
    if paper.link:
        return redirect(paper.link)
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404("The paper's file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=paper.original_name or paper.file.name.rsplit("/", 1)[-1],
        content_type=paper.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@GET_OR_POST
def attendance(request, pk: int):
    meeting = visible_meeting(request, pk)
    rules.check_administers(request.user, doing="record attendance")
    members = selectors.members_of(user=request.user, group=meeting.group)
    people = {membership.person.pk: membership.person for membership in members}
    for chair in (meeting.chair, meeting.group.chair):
        if chair is not None:
            people.setdefault(chair.pk, chair)
    recorded = selectors.meeting_record(user=request.user, meeting=meeting).attendance
    initial = {
        "present": [str(a.person_id) for a in recorded if a.status == "present"],
        "apologies": [str(a.person_id) for a in recorded if a.status == "apologies"],
    }
    form = AttendanceForm(posted(request), people=list(people.values()), initial=initial)
    return form_page(
        request,
        form,
        FORM,
        save=lambda data: services.attendance_record(
            actor=request.user,
            meeting=meeting,
            present=form.chosen("present"),
            apologies=form.chosen("apologies"),
        ),
        success=lambda records: ("Attendance is recorded.", meeting),
        heading="Record attendance",
        caption=str(meeting),
        button="Save attendance",
        back=meeting.get_absolute_url(),
    )


@GET_OR_POST
def decision_add(request, pk: int):
    meeting = visible_meeting(request, pk)
    rules.check_may_record_at(request.user, meeting, doing="record decisions")
    items = list(selectors.agenda_items_open_for_decision(user=request.user, meeting=meeting))
    initial = {"agenda_item": request.GET.get("item", "")}
    form = DecisionForm(posted(request), user=request.user, items=items, initial=initial)
    return form_page(
        request,
        form,
        FORM,
        save=lambda data: services.decision_record(
            actor=request.user,
            meeting=meeting,
            text=data["text"],
            marking=data["marking"],
            agenda_item=form.agenda_item(),
            outcome=data["outcome"],
        ),
        success=lambda decision: ("The decision is recorded.", meeting),
        heading="Record a decision",
        caption=str(meeting),
        button="Record the decision",
        back=meeting.get_absolute_url(),
    )


@GET_OR_POST
def submission_add(request, pk: int):
    meeting = visible_meeting(request, pk)
    rules.check_administers(request.user, doing="record what a group sends to another")
    feeds = list(meeting.group.feeds_out.select_related("target__region"))
    sent = {feed.kind for feed in feeds}
    kinds = [(kind, label) for kind, label in SUBMISSION_KINDS if kind in sent]
    targets = sorted({f.target.short_name for f in feeds if f.kind in dict(SUBMISSION_KINDS)})
    intro = (
        f"It goes onto the next agenda of: {', '.join(targets)}."
        if targets
        else f"The {meeting.group.short_name} sends nothing on to another group."
    )
    return form_page(
        request,
        SubmissionForm(posted(request), user=request.user, kinds=kinds or SUBMISSION_KINDS),
        FORM,
        save=lambda data: services.submission_record(actor=request.user, meeting=meeting, **data),
        rules=[
            Rule(
                (),
                lambda data: rules.check_meeting_takes_records(
                    meeting, now=timezone.now(), doing="record what it sends on"
                ),
            ),
            Rule(
                ("kind",), lambda data: rules.check_group_sends(meeting.group, data["kind"], feeds)
            ),
        ],
        success=lambda submission: (
            "Recorded, and put on the receiving group's next agenda.",
            meeting,
        ),
        heading="Record what the group sends on",
        caption=str(meeting),
        button="Record and send on",
        back=meeting.get_absolute_url(),
        intro=intro,
    )
