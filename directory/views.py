import datetime

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, services
from .access import get_visible_or_404, visible_page
from .choices import Marking, OrganisationKind, TokenEnd
from .filtersets import OrganisationFilterSet
from .forms import PasswordChangeForm, SignInForm
from .home import home_panels
from .rules import clearance_in_force, governing_body_on, highest_marking, markings_visible_to


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
            "clearance_ceiling": Marking(highest_marking(markings_visible_to(request.user))).label,
            "clearance_in_force": clearance_in_force(request.user),
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


# --- Your account: API tokens, sessions, password (issue 9 §3) ------------------------


@require_GET
def api_tokens(request):
    """The person's API tokens that still work, never their keys; and sign out everywhere."""
    return render(
        request, "account/api_tokens.html", {"tokens": selectors.api_tokens(user=request.user)}
    )


@require_http_methods(["GET", "POST"])
def api_token_revoke(request, pk: int):
    token = get_visible_or_404(
        request, selectors.api_tokens(user=request.user), action="delete", pk=pk
    )
    if request.method == "POST":
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, f"The token for {token.name} no longer works.")
        return redirect("api-tokens")
    return render(request, "account/api_token_revoke.html", {"token": token})


@require_http_methods(["GET", "POST"])
def sign_out_everywhere(request):
    if request.method == "POST":
        services.credentials_end_all(user=request.user, because=TokenEnd.SIGNED_OUT_EVERYWHERE)
        logout(request)
        messages.success(request, "You are signed out everywhere, and your API tokens ended.")
        return redirect("login")
    return render(request, "account/sign_out_everywhere.html")


@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.credentials_password_change(
            user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)  # this browser stays signed in
        messages.success(
            request,
            "Your password has changed: you are signed out everywhere else, and your API "
            "tokens ended.",
        )
        return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(request, "account/password_change.html", {"form": form}, status=status)
