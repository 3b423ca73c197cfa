"""Actions from meetings: the list, an action's page, and recording one."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory.access import get_visible_or_404
from directory.forms import Rule
from directory.pages import form_page, list_page, posted, render_form, save_form

from .. import rules, selectors, services
from ..filtersets import ActionFilterSet
from ..forms import ActionChangeForm, ActionForm, ActionStatusForm
from .common import GET_OR_POST, visible_meeting


@require_GET
def action_list(request):
    return list_page(
        request,
        "governance/action_list.html",
        selectors.action_list(user=request.user),
        filterset_class=partial(ActionFilterSet, request=request),
        today=timezone.localdate(),
    )


@GET_OR_POST
def action(request, pk: int):
    """An action, and the forms its owner (the status) and those who record actions at
    its meeting (everything) change it with."""
    action = get_visible_or_404(request, selectors.action_list(user=request.user), pk=pk)
    user = request.user
    status_form = ActionStatusForm(initial={"status": action.status}, prefix="status")
    change_form = ActionChangeForm(
        initial={"description": action.description, "due_on": action.due_on}, prefix="change"
    )
    if request.method == "POST":
        rules.check_may_change_action(user, action)
        form_rules = []
        if "change-description" in request.POST:
            form = change_form = ActionChangeForm(request.POST, prefix="change")
            form_rules = [
                Rule(("due_on",), lambda data: rules.check_due_date(data["due_on"], action.meeting))
            ]
        else:
            form = status_form = ActionStatusForm(request.POST, prefix="status")
        if save_form(
            request,
            form,
            lambda data: services.action_update(actor=user, action=action, **data),
            rules=form_rules,
        ):
            messages.success(request, "The action is updated.")
            return redirect(action)
    return render_form(
        request,
        "governance/action_detail.html",
        {
            "action": action,
            "manages": rules.may_record_at(user, action.meeting),
            "owns": action.owner_id == user.pk,
            "status_form": status_form,
            "change_form": change_form,
            "today": timezone.localdate(),
            "page_marking": action.marking,
        },
    )


@GET_OR_POST
def action_add(request, pk: int):
    meeting = visible_meeting(request, pk)
    rules.check_may_record_at(request.user, meeting, doing="record actions")
    people = selectors.people_choices(user=request.user)
    members = [m.person for m in selectors.members_of(user=request.user, group=meeting.group)]
    return form_page(
        request,
        ActionForm(posted(request), user=request.user, members=members, people=people),
        "governance/form.html",
        save=lambda data: services.action_create(
            actor=request.user,
            meeting=meeting,
            description=data["description"],
            owner=data["owner_person"],
            due_on=data["due_on"],
            marking=data["marking"],
        ),
        success=lambda created: (f"The action is recorded for {created.owner}.", meeting),
        rules=[
            Rule(("due_on",), lambda data: rules.check_due_date(data["due_on"], meeting)),
            Rule(
                ("owner", "other_owner", "marking"),
                lambda data: rules.check_owner_may_see(data["owner_person"], data["marking"]),
            ),
        ],
        heading="Record an action",
        caption=str(meeting),
        button="Record the action",
        back=meeting.get_absolute_url(),
    )
