"""A meeting's minutes: drafted, amended while circulated, approved."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from directory.choices import Marking

from .. import rules, selectors, services
from ..choices import MinutesStatus
from ..forms import MinutesForm
from .common import GET_OR_POST, _form_page, _meeting, _posted, _problem, _saved


@GET_OR_POST
def minutes(request, pk: int):
    """Draft the minutes (the secretariat) or amend them (an attendee, while circulated)."""
    meeting = _meeting(request, pk)
    current = selectors.meeting_record(user=request.user, meeting=meeting).minutes
    try:
        rules.check_may_draft_minutes(request.user, current)
    except ValidationError as error:
        raise PermissionDenied(" ".join(error.messages)) from None
    initial = {"text": current.text, "marking": current.marking} if current else {}
    form = MinutesForm(
        _posted(request), user=request.user, initial=initial, changing=current is not None
    )
    if _saved(
        request,
        form,
        lambda: services.minutes_save(actor=request.user, meeting=meeting, **form.cleaned_data),
    ):
        messages.success(request, "The minutes are saved.")
        return redirect(meeting.get_absolute_url())
    circulated = current is not None and current.status == MinutesStatus.CIRCULATED
    return _form_page(
        request,
        form,
        heading="Amend the minutes" if circulated else "Draft the minutes",
        caption=str(meeting),
        button="Save the minutes",
        back=meeting.get_absolute_url(),
        page_marking=current.marking if current else Marking.OFFICIAL,
    )


def _minutes_step(request, pk, step, done):
    meeting = _meeting(request, pk)
    try:
        step(actor=request.user, meeting=meeting)
    except ValidationError as error:
        return _problem(request, error.messages, back=meeting.get_absolute_url())
    messages.success(request, done)
    return redirect(meeting.get_absolute_url())


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
