"""Each person's calendar feed: its secret address and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory.links import portal_url

from .. import documents, selectors, services
from ..models import CalendarToken
from .common import GET_OR_POST, _problem


@GET_OR_POST
def calendar(request):
    """Your calendar feed: a secret address to subscribe to in a calendar application.
    The address is shown once, when made; making another stops the old one."""
    address = None
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            services.calendar_token_revoke(user=request.user)
            messages.success(request, "Your calendar address no longer works.")
            return redirect("governance:calendar")
        if request.POST.get("do") != "issue":
            return _problem(request, ["Choose what to do with your calendar."], back=request.path)
        token = services.calendar_token_issue(user=request.user)
        address = portal_url(reverse("governance:calendar-feed", args=[token]))
    current = CalendarToken.objects.filter(user=request.user).first()
    return render(request, "governance/calendar.html", {"address": address, "current": current})


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
    CalendarToken.objects.filter(user=owner).update(last_used_at=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="governance.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
