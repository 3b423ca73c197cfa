import datetime
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from . import demo, selectors, services, two_factor
from .access import get_visible_or_404
from .choices import Marking, OrganisationKind, TokenEnd
from .filtersets import OrganisationFilterSet
from .forms import (
    AuthenticatorAppForm,
    PasswordChangeForm,
    SecondFactorForm,
    SecondFactorResetForm,
    SignInForm,
)
from .home import home_for
from .models import User
from .pages import detail_page, form_page, list_page, posted, render_form, save_form
from .rules import clearance_in_force, governing_body_on, highest_marking, markings_visible_to
from .two_factor import ENROLLING, NEW_RECOVERY_CODES, VERIFYING, second_factor_step

# Sign-in, in two steps (issue 9 §3) ----------------------------------------------------

PENDING_APP = "second_factor_pending_app"  # the new app's secret, until confirmed


class SignInView(auth_views.LoginView):
    """The first step: username and password. The second asks for a code or a passkey,
    or, for a person who has no factor yet, sets one up."""

    form_class = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        return render_form(self.request, self.template_name, self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A local portal with the demo data says how to sign in to it; production never.
        if settings.DEMO_SIGN_INS_ON_SIGN_IN_PAGE and demo.loaded():
            context["demo"] = {
                "password": demo.PASSWORD,
                "sign_ins": demo.sign_ins(),
                "totp_secret": demo.DEMO_TOTP_SECRET,
            }
        return context

    def get_success_url(self):
        if two_factor.is_verified(self.request.user):
            return super().get_success_url()
        step = (
            "second-factor-verify"
            if two_factor.has_second_factor(self.request.user)
            else "second-factor-set-up"
        )
        return _with_next(reverse(step), super().get_success_url())


class SignOutView(auth_views.LogoutView):
    """Sign out, and say so on the sign-in page that follows."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


def _next_url(request) -> str:
    """Where the person was going when they were asked to sign in, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _with_next(url: str, target: str) -> str:
    return f"{url}?{urlencode({'next': target})}"


@second_factor_step(VERIFYING)
@require_http_methods(["GET", "POST"])
def second_factor_verify(request):
    """The second step: a code from an authenticator app, a recovery code or a passkey."""
    if two_factor.is_verified(request.user):
        return redirect(_next_url(request))
    form = SecondFactorForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, form.device)
        request.session.cycle_key()
        return redirect(_next_url(request))
    return render_form(
        request,
        "registration/second_factor.html",
        {
            "form": form,
            "next": _next_url(request),
            "has_passkey": two_factor.FACTOR_MODELS["passkey"]
            .objects.filter(user=request.user, confirmed=True)
            .exists(),
        },
    )


@second_factor_step(ENROLLING)
@require_GET
def second_factor_set_up(request):
    """Choose a factor to add: at first sign-in, or later beside the ones a person has."""
    return render(
        request,
        "registration/second_factor_set_up.html",
        {"enrolling": not two_factor.is_verified(request.user), "next": _next_url(request)},
    )


@second_factor_step(ENROLLING)
@require_http_methods(["GET", "POST"])
def second_factor_set_up_app(request):
    """An authenticator app: its secret, as a QR code and in groups for typing, shown only
    here and only until the app gives a right code."""
    secret = request.session.get(PENDING_APP)
    if secret is None:
        secret = request.session[PENDING_APP] = two_factor.totp_secret_new()
    form = AuthenticatorAppForm(posted(request))
    saved = save_form(
        request,
        form,
        lambda data: two_factor.totp_device_confirm(
            user=request.user, base32_secret=secret, code=data["code"], name=data["name"]
        ),
    )
    if saved:
        del request.session[PENDING_APP]
        return _factor_added(request, saved.result)
    config_url = two_factor.totp_config_url(user=request.user, base32_secret=secret)
    return render_form(
        request,
        "registration/second_factor_app.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": segno.make(config_url, error="m").svg_inline(scale=5, border=2),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@second_factor_step(ENROLLING)
@require_GET
def second_factor_set_up_passkey(request):
    """A passkey, registered by django-otp-webauthn's script; the page then moves on."""
    return render(
        request,
        "registration/second_factor_passkey.html",
        {
            "done_url": _with_next(reverse("second-factor-set-up-done"), _next_url(request)),
        },
    )


@require_GET
def second_factor_set_up_done(request):
    """After a factor is added: its recovery codes, if it came with a new set, or back to
    the factors."""
    if NEW_RECOVERY_CODES in request.session:
        return redirect(_with_next(reverse("second-factor-recovery-codes"), _next_url(request)))
    messages.success(request, "Your new second factor is ready.")
    return redirect("second-factors")


def _factor_added(request, device):
    if not two_factor.is_verified(request.user):
        django_otp.login(request, device)
        request.session.cycle_key()
    two_factor.recovery_codes_first_set(request)
    return redirect(_with_next(reverse("second-factor-set-up-done"), _next_url(request)))


@require_http_methods(["GET", "POST"])
def second_factor_recovery_codes(request):
    """Recovery codes: a new set is shown once, right after it is made."""
    if request.method == "POST":
        request.session[NEW_RECOVERY_CODES] = two_factor.recovery_codes_generate(user=request.user)
        return redirect("second-factor-recovery-codes")
    return render(
        request,
        "registration/recovery_codes.html",
        {
            "codes": request.session.pop(NEW_RECOVERY_CODES, None),
            "codes_left": two_factor.recovery_codes_left(request.user),
            "next": _next_url(request),
        },
    )


@require_GET
def second_factors(request):
    """A person's own factors: names, kinds and when last used, never a secret."""
    factors = two_factor.factors_of(request.user)
    return render(
        request,
        "registration/second_factors.html",
        {
            "factors": factors,
            "may_remove": len(factors) > 1,
            "codes_left": two_factor.recovery_codes_left(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def second_factor_remove(request, kind: str, pk: int):
    device = two_factor.factor_of_user_or_404(request, kind=kind, pk=pk)
    errors = []
    if request.method == "POST":
        try:
            two_factor.second_factor_remove(user=request.user, device=device)
        except ValidationError as problem:
            errors = problem.messages
        else:
            messages.success(request, f"“{device.name}” no longer signs you in.")
            return redirect("second-factors")
    return render(
        request,
        "registration/second_factor_remove.html",
        {"device": device, "kind_label": two_factor.FACTOR_KINDS[kind], "errors": errors},
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def second_factor_reset(request, pk: int):
    """An administrator resets the factors of a person who lost theirs (issue 9 §3)."""
    person = get_visible_or_404(request, User.objects.all(), action="change", pk=pk)
    two_factor.check_second_factor_reset_allowed(actor=request.user, person=person)
    return form_page(
        request,
        SecondFactorResetForm(posted(request)),
        "directory/second_factor_reset.html",
        save=lambda data: two_factor.second_factor_reset(
            actor=request.user, person=person, reason=data["reason"]
        ),
        success=lambda _: (
            f"{person}'s second factors are reset: they set one up at next sign-in.",
            reverse("directory:second-factor-reset", kwargs={"pk": person.pk}),
        ),
        person=person,
        factors=two_factor.factors_of(person),
    )


# Pages ---------------------------------------------------------------------------------


@require_GET
def home(request):
    """What needs the person today, most urgent first, and their role at a glance."""
    home = home_for(request.user)
    return render(
        request,
        "home.html",
        {
            "needs": home.needs,
            "glance": home.glance,
            "page_marking": home.marking,
            "clearance_ceiling": Marking(highest_marking(markings_visible_to(request.user))).label,
            "clearance_in_force": clearance_in_force(request.user),
        },
    )


@require_GET
def organisation_list(request):
    return list_page(
        request,
        "directory/organisation_list.html",
        selectors.organisation_list(user=request.user),
        filterset_class=OrganisationFilterSet,
    )


@require_GET
def regions(request):
    """Each region of England and Wales with its ROCU, its forces and its ROCC."""
    return render(
        request,
        "directory/regions.html",
        {"regions": selectors.regions_with_rocus(user=request.user)},
    )


@require_GET
def organisation_detail(request, pk: int):
    return detail_page(
        request,
        "directory/organisation_detail.html",
        selectors.organisation_detail(user=request.user),
        name="organisation",
        extra=lambda organisation: _organisation_detail(request.user, organisation),
        pk=pk,
    )


def _organisation_detail(user, organisation):
    contact_points = list(selectors.contact_points_for(user=user, organisation=organisation))
    roccs = (
        selectors.roccs_for(user=user, rocu=organisation)
        if organisation.kind == OrganisationKind.ROCU
        else []
    )
    return {
        "contact_points": contact_points,
        "roccs": roccs,
        "governing_body": governing_body_on(organisation, datetime.date.today()),
        "undated_former_names": [
            name
            for name in organisation.former_names
            if name not in {former.name for former in organisation.dated_names.all()}
        ],
        "page_marking": highest_marking(cp.marking for cp in contact_points),
    }


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "accessibility.html")


@require_GET
def help_documents(request):
    return render(request, "help/documents.html")


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
    form = PasswordChangeForm(request.user, posted(request))
    if save_form(
        request,
        form,
        lambda data: services.credentials_password_change(
            user=request.user, new_password=data["new_password1"]
        ),
    ):
        update_session_auth_hash(request, request.user)  # this browser stays signed in
        messages.success(
            request,
            "Your password has changed: you are signed out everywhere else, and your API "
            "tokens ended.",
        )
        return redirect("home")
    return render_form(request, "account/password_change.html", {"form": form})
