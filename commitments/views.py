from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from directory.access import may
from directory.pages import form_page, posted

from . import rules, selectors, services
from .choices import ScopeKind
from .forms import CommitmentFilterForm, CommitmentSettingsForm
from .models import CommitmentSettings

GROUPS = (
    (ScopeKind.NATIONAL, "National"),
    (ScopeKind.REGION, "Regional"),
    (ScopeKind.GOVERNING_BODY, "Governing bodies"),
)


@require_GET
def index(request):
    form = CommitmentFilterForm(request.GET)
    valid = form.is_valid()
    entries = selectors.commitments_for(user=request.user, **form.cleaned_data) if valid else []
    groups = [
        (name, [entry for entry in entries if entry.scope_kind == kind]) for kind, name in GROUPS
    ]
    response = render(
        request,
        "commitments/index.html",
        {
            "form": form,
            "groups": groups,
            "on": form.cleaned_data.get("on") if valid else None,
            "may_change_settings": may(rules.check_may_change_settings, request.user),
        },
    )
    if not valid:
        response.status_code = 400
    return response


@require_http_methods(["GET", "POST"])
def settings_edit(request):
    user = request.user
    rules.check_may_change_settings(user)
    form = CommitmentSettingsForm(posted(request), instance=CommitmentSettings.current())
    return form_page(
        request,
        form,
        "commitments/settings_form.html",
        save=lambda data: services.commitment_settings_update(actor=user, **data),
        success=lambda saved: ("Commitment settings saved.", reverse("commitments:index")),
    )
