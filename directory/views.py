import datetime

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .access import get_visible_or_404, visible_page
from .choices import Marking, OrganisationKind
from .filtersets import OrganisationFilterSet
from .forms import SignInForm
from .home import home_panels
from .rules import CLEARANCE_CEILING, governing_body_on, highest_marking


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


@require_GET
def home(request):
    """Each role's home page: the panels every app offers the holder of those roles."""
    panels, marking = home_panels(request)
    return render(
        request,
        "home.html",
        {
            "panels": panels,
            "page_marking": marking,
            "clearance_ceiling": Marking(CLEARANCE_CEILING[request.user.clearance]).label,
        },
    )


@require_GET
def organisation_list(request):
    filterset = OrganisationFilterSet(
        request.GET, queryset=selectors.organisation_list(user=request.user)
    )
    page = visible_page(request, filterset.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/organisation_list.html",
        {"filterset": filterset, "page": page, "query": query.urlencode()},
    )


@require_GET
def organisation_detail(request, pk: int):
    organisation = get_visible_or_404(
        request, selectors.organisation_detail(user=request.user), pk=pk
    )
    contact_points = list(
        selectors.contact_points_for(user=request.user, organisation=organisation)
    )
    roccs = (
        selectors.roccs_for(user=request.user, rocu=organisation)
        if organisation.kind == OrganisationKind.ROCU
        else []
    )
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "contact_points": contact_points,
            "roccs": roccs,
            "governing_body": governing_body_on(organisation, datetime.date.today()),
            "page_marking": highest_marking(cp.marking for cp in contact_points),
        },
    )


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "accessibility.html")
