from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .choices import ScopeKind
from .forms import CommitmentFilterForm

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
        {"form": form, "groups": groups, "on": form.cleaned_data.get("on") if valid else None},
    )
    if not valid:
        response.status_code = 400
    return response
