"""Actions from meetings: the list, an action's page, and recording one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory.access import get_visible_or_404, visible_page
from directory.rules import highest_marking

from .. import rules, selectors, services
from ..filtersets import ActionFilterSet
from ..forms import ActionChangeForm, ActionForm, ActionStatusForm
from .common import GET_OR_POST, _form_page, _meeting, _posted, _saved


@require_GET
def action_list(request):
    filterset = ActionFilterSet(
        request.GET, queryset=selectors.action_list(user=request.user), request=request
    )
    page = visible_page(request, filterset.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/action_list.html",
        {
            "filterset": filterset,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "page_marking": highest_marking(action.marking for action in page.object_list),
        },
    )


@GET_OR_POST
def action(request, pk: int):
    action = get_visible_or_404(request, selectors.action_list(user=request.user), pk=pk)
    user = request.user
    manages = rules.may_record_at(user, action.meeting)
    owns = action.owner_id == user.pk
    status_form = ActionStatusForm(initial={"status": action.status}, prefix="status")
    change_form = ActionChangeForm(
        initial={"description": action.description, "due_on": action.due_on}, prefix="change"
    )
    if request.method == "POST":
        rules.check_may_change_action(user, action)
        if "change-description" in request.POST:
            form = change_form = ActionChangeForm(request.POST, prefix="change")
        else:
            form = status_form = ActionStatusForm(request.POST, prefix="status")
        if _saved(
            request,
            form,
            lambda: services.action_update(actor=user, action=action, **form.cleaned_data),
        ):
            messages.success(request, "The action is updated.")
            return redirect(action.get_absolute_url())
    return render(
        request,
        "governance/action_detail.html",
        {
            "action": action,
            "manages": manages,
            "owns": owns,
            "status_form": status_form,
            "change_form": change_form,
            "today": timezone.localdate(),
            "page_marking": action.marking,
        },
        status=400 if request.method == "POST" else 200,
    )


@GET_OR_POST
def action_add(request, pk: int):
    meeting = _meeting(request, pk)
    rules.check_may_record_at(request.user, meeting, doing="record actions")
    people = selectors.people_choices(user=request.user)
    members = [m.person for m in selectors.members_of(user=request.user, group=meeting.group)]
    form = ActionForm(_posted(request), user=request.user, members=members, people=people)
    if _saved(
        request,
        form,
        lambda: services.action_create(
            actor=request.user,
            meeting=meeting,
            description=form.cleaned_data["description"],
            owner=form.cleaned_data["owner_person"],
            due_on=form.cleaned_data["due_on"],
            marking=form.cleaned_data["marking"],
        ),
    ):
        messages.success(
            request, f"The action is recorded for {form.cleaned_data['owner_person']}."
        )
        return redirect(meeting.get_absolute_url())
    return _form_page(
        request,
        form,
        heading="Record an action",
        caption=str(meeting),
        button="Record the action",
        back=meeting.get_absolute_url(),
    )
