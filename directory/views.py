import datetime

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .access import get_visible_or_404, has_role
from .choices import NCA_KINDS, Marking, OrganisationKind, Role
from .filtersets import OrganisationFilterSet
from .forms import SignInForm
from .rules import CLEARANCE_CEILING, governing_body_on, highest_marking

NCA_STAFF_ROLES = (
    Role.DIRECTOR_GENERAL,
    Role.DEPUTY_DIRECTOR_GENERAL,
    Role.DIRECTOR,
    Role.TASKING_OFFICER,
    Role.ANALYST,
    Role.SECRETARIAT,
)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


@require_GET
def home(request):
    """Each role's home page: the panels that matter to the holder of that role."""
    user = request.user
    organisation = selectors.organisation_detail(user=user).get(pk=user.organisation_id)
    context = {
        "organisation": organisation,
        "is_nca_staff": has_role(user, *NCA_STAFF_ROLES),
        "contact_points": [],
        "clearance_ceiling": Marking(CLEARANCE_CEILING[user.clearance]).label,
    }
    if context["is_nca_staff"] or has_role(user, Role.ADMIN):
        context["regions"] = selectors.regions_with_rocus(user=user)
    if has_role(user, Role.ROCC) and user.posted_to_id:
        context["posted_to"] = selectors.organisation_detail(user=user).get(pk=user.posted_to_id)
    if has_role(user, Role.PCC_OFFICE):
        context["forces_governed"] = selectors.forces_governed_by(user=user, body=organisation)
    if organisation.kind not in NCA_KINDS:
        nca = selectors.organisation_list(user=user).filter(kind=OrganisationKind.NCA).first()
        context["contact_points"] = (
            list(selectors.contact_points_for(user=user, organisation=nca)) if nca else []
        )
    context["page_marking"] = highest_marking(cp.marking for cp in context["contact_points"])
    return render(request, "home.html", context)


@require_GET
def organisation_list(request):
    filterset = OrganisationFilterSet(
        request.GET, queryset=selectors.organisation_list(user=request.user)
    )
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
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
