"""A meeting's minutes: drafted, amended while circulated, approved."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from directory.choices import Marking
from directory.pages import form_page, posted, save_form

from .. import rules, selectors, services
from ..choices import MinutesStatus
from ..forms import MinutesForm, StepForm
from .common import GET_OR_POST, visible_meeting
from .meetings import meeting_page


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
        success=lambda saved: ("The minutes are saved.", meeting),
        heading="Amend the minutes" if circulated else "Draft the minutes",
        caption=str(meeting),
        button="Save the minutes",
        back=meeting.get_absolute_url(),
        page_marking=current.marking if current else Marking.OFFICIAL,
    )


def _minutes_step(request, pk, step, done):
    """A button on the meeting page: its refusal is shown on that page (400)."""
    meeting = visible_meeting(request, pk)
    form = StepForm(request.POST)
    if save_form(request, form, lambda data: step(actor=request.user, meeting=meeting)) is None:
        return meeting_page(request, meeting, step_form=form)
    messages.success(request, done)
    return redirect(meeting)


@require_POST
def minutes_circulate(request, pk: int):
    return _minutes_step(
        request, pk, services.minutes_circulate, "The minutes are circulated to the attendees."
    )


@require_POST
def minutes_approve(request, pk: int):
    return _minutes_step(
        request, pk, services.minutes_approve, "The minutes are approved and can no longer change."
    )
