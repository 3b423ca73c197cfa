"""A meeting's minutes: drafted, amended while circulated, approved."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from directory.choices import Marking
from directory.forms import Rule
from directory.pages import confirm_page, form_page, posted

from .. import rules, selectors, services
from ..choices import MinutesStatus
from ..forms import MinutesForm
from .common import GET_OR_POST, visible_meeting


@GET_OR_POST
def minutes(request, pk: int):
    """Draft the minutes (the secretariat) or amend them (an attendee, while circulated)."""
    meeting = visible_meeting(request, pk)
    current = selectors.meeting_record(user=request.user, meeting=meeting).minutes
    try:
        rules.check_may_draft_minutes(request.user, current)
    except ValidationError as error:
        # Approved minutes are frozen: the page offers no form to change them.
        raise PermissionDenied(" ".join(error.messages)) from None
    initial = {"text": current.text, "marking": current.marking} if current else {}
    circulated = current is not None and current.status == MinutesStatus.CIRCULATED
    return form_page(
        request,
        MinutesForm(
            posted(request), user=request.user, initial=initial, changing=current is not None
        ),
        "governance/form.html",
        save=lambda data: services.minutes_save(actor=request.user, meeting=meeting, **data),
        rules=[
            Rule(
                (),
                lambda data: rules.check_meeting_takes_records(
                    meeting, now=timezone.now(), doing="minute it"
                ),
            )
        ],
        success=lambda saved: ("The minutes are saved.", meeting),
        heading="Amend the minutes" if circulated else "Draft the minutes",
        caption=str(meeting),
        button="Save the minutes",
        back=meeting.get_absolute_url(),
        page_marking=current.marking if current else Marking.OFFICIAL,
    )


@GET_OR_POST
def minutes_circulate(request, pk: int):
    meeting = visible_meeting(request, pk)
    minutes = selectors.meeting_record(user=request.user, meeting=meeting).minutes
    warning = "Once circulated, the minutes cannot go back to draft."
    if not selectors.attendees_recorded(user=request.user, meeting=meeting):
        warning = (
            "No attendance is recorded for this meeting: the minutes will reach only the "
            "chair, and no attendee can amend them. Record the attendance first. " + warning
        )
    return confirm_page(
        request,
        question=f"Are you sure you want to circulate the minutes of the {meeting}?",
        button="Circulate the minutes",
        warning=warning,
        allowed=lambda: rules.check_may_circulate_minutes(request.user, minutes),
        act=lambda: services.minutes_circulate(actor=request.user, meeting=meeting),
        success=lambda _: ("The minutes are circulated to the attendees.", meeting),
        back=meeting.get_absolute_url(),
    )


@GET_OR_POST
def minutes_approve(request, pk: int):
    meeting = visible_meeting(request, pk)
    minutes = selectors.meeting_record(user=request.user, meeting=meeting).minutes
    return confirm_page(
        request,
        question=f"Are you sure you want to approve the minutes of the {meeting}?",
        button="Approve the minutes",
        warning="Once approved, the minutes are frozen and can no longer change.",
        allowed=lambda: rules.check_may_approve_minutes(request.user, meeting, minutes),
        act=lambda: services.minutes_approve(actor=request.user, meeting=meeting),
        success=lambda _: ("The minutes are approved and can no longer change.", meeting),
        back=meeting.get_absolute_url(),
    )
