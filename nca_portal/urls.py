from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn_views
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from directory import views as directory_views
from directory.two_factor import (
    ANY_STEP,
    ENROLLING,
    VERIFYING,
    PasskeyRegistrationCompleteView,
    second_factor_step,
)

from .health import healthz


@login_not_required
def favicon(request):
    return HttpResponsePermanentRedirect(static("images/favicon.svg"))


# django-otp-webauthn's ceremonies, named as its script expects: registering a passkey
# while setting up a factor, using one at the second step.
passkey_urls = [
    path(
        "registration/begin/",
        second_factor_step(ENROLLING)(webauthn_views.BeginCredentialRegistrationView.as_view()),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        second_factor_step(ENROLLING)(PasskeyRegistrationCompleteView.as_view()),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        second_factor_step(VERIFYING)(webauthn_views.BeginCredentialAuthenticationView.as_view()),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        second_factor_step(VERIFYING)(
            webauthn_views.CompleteCredentialAuthenticationView.as_view()
        ),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        login_not_required(JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])),
        name="js-i18n-catalog",
    ),
]
second_factor_urls = [
    path(
        "sign-in/second-factor/", directory_views.second_factor_verify, name="second-factor-verify"
    ),
    path("second-factor/", directory_views.second_factors, name="second-factors"),
    path(
        "second-factor/set-up/", directory_views.second_factor_set_up, name="second-factor-set-up"
    ),
    path(
        "second-factor/set-up/app/",
        directory_views.second_factor_set_up_app,
        name="second-factor-set-up-app",
    ),
    path(
        "second-factor/set-up/passkey/",
        directory_views.second_factor_set_up_passkey,
        name="second-factor-set-up-passkey",
    ),
    path(
        "second-factor/set-up/done/",
        directory_views.second_factor_set_up_done,
        name="second-factor-set-up-done",
    ),
    path(
        "second-factor/recovery-codes/",
        directory_views.second_factor_recovery_codes,
        name="second-factor-recovery-codes",
    ),
    path(
        "second-factor/<slug:kind>/<int:pk>/remove/",
        directory_views.second_factor_remove,
        name="second-factor-remove",
    ),
    path("passkeys/", include((passkey_urls, "otp_webauthn"))),
]


urlpatterns = [
    path("", directory_views.home, name="home"),
    path("sign-in/", login_not_required(directory_views.SignInView.as_view()), name="login"),
    path(
        "sign-out/",
        second_factor_step(ANY_STEP)(directory_views.SignOutView.as_view()),
        name="logout",
    ),
    *second_factor_urls,
    # Your account: API tokens, sessions, password (issue 9 §3).
    path("account/tokens/", directory_views.api_tokens, name="api-tokens"),
    path(
        "account/tokens/<int:pk>/revoke/",
        directory_views.api_token_revoke,
        name="api-token-revoke",
    ),
    path(
        "account/sign-out-everywhere/",
        directory_views.sign_out_everywhere,
        name="sign-out-everywhere",
    ),
    path("account/password/", directory_views.password_change, name="password-change"),
    path("accessibility/", directory_views.accessibility, name="accessibility"),
    path("help/documents/", directory_views.help_documents, name="help-documents"),
    path("directory/", include("directory.urls")),
    path("tasking/", include("tasking.urls")),
    path("engagement/", include("engagement.urls")),
    path("governance/", include("governance.urls")),
    path("delivery/", include("delivery.urls")),
    path("notifications/", include("notifications.urls")),
    path("commitments/", include("commitments.urls")),
    path("healthz", healthz, name="healthz"),
    path("api/", include("directory.api.urls")),
    path("api/", include("priorities.api.urls")),
    path("api/", include("tasking.api.urls")),
    path("api/", include("engagement.api.urls")),
    path("api/", include("governance.api.urls")),
    path("api/", include("notifications.api.urls")),
    path("api/", include("commitments.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The interactive docs are a page: a signed-out visitor is sent to sign in. Swagger UI
    # sets inline styles, so this page alone allows them.
    path(
        "api/docs/",
        login_required(
            csp_update({"style-src": [UNSAFE_INLINE]})(
                SpectacularSwaggerSplitView.as_view(url_name="api-schema")
            )
        ),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
]
