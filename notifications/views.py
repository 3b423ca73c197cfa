"""The person's notifications and how they reach them: validate, call the service,
render. Every read goes through the selectors, so another person's notification does
not exist here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.access import get_visible_or_404, visible_page
from directory.rules import highest_marking, markings_visible_to

from . import selectors, services
from .forms import PreferencesForm

PAGE_SIZE = 25


@require_GET
def notification_list(request):
    page = visible_page(request, selectors.notification_list(user=request.user), per_page=PAGE_SIZE)
    readable = markings_visible_to(request.user)
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "rows": page.object_list,
            "page_marking": highest_marking(
                row.marking for row in page.object_list if row.marking in readable
            ),
        },
    )


@require_POST
def notification_read(request, pk: int):
    notification = get_visible_or_404(
        request, selectors.notification_list(user=request.user), pk=pk
    )
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect("notifications:list")


@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial_choices=selectors.preferences_of(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(actor=request.user, choices=form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Your notification settings are saved.")
            return redirect("notifications:preferences")
    status = 400 if form.errors else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
