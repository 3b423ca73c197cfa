"""Each person's calendar feed: its secret address and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from directory.links import portal_url
from directory.pages import posted, render_form, save_form

from .. import documents, selectors, services
from ..forms import CalendarForm
from .common import GET_OR_POST


@GET_OR_POST
def calendar(request):
    """Your calendar feed: a secret address to subscribe to in a calendar application.
    The address is shown once, when made; making another stops the old one."""
    user = request.user
    form = CalendarForm(posted(request))
    saved = save_form(
        request,
        form,
        lambda data: (
            services.calendar_token_issue(user=user)
            if data["do"] == "issue"
            else services.calendar_token_revoke(user=user)
        ),
    )
    if saved is not None and form.cleaned_data["do"] == "revoke":
        messages.success(request, "Your calendar address no longer works.")
        return redirect("governance:calendar")
    address = (
        portal_url(reverse("governance:calendar-feed", args=[saved.result])) if saved else None
    )
    context = {"form": form, "address": address, "current": selectors.calendar_token(user=user)}
    return render_form(request, "governance/calendar.html", context)


@login_not_required
@require_GET
def calendar_feed(request, token: str):
    """The feed itself: the token is the credential, so no session is needed. It lists
    only meetings the token's owner may see, and nothing marked above OFFICIAL."""
    owner = selectors.calendar_owner(token)
    if owner is None:
        raise Http404("No such calendar.")
    meetings = selectors.calendar_meetings(user=owner)
    body = documents.calendar_feed(meetings)
    services.calendar_token_used(user=owner)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="governance.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
