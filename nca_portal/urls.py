from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from directory import views as directory_views

from .health import healthz


@login_not_required
def favicon(request):
    return HttpResponsePermanentRedirect(static("images/favicon.svg"))


urlpatterns = [
    path("", directory_views.home, name="home"),
    path("sign-in/", login_not_required(directory_views.SignInView.as_view()), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
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
    path("directory/", include("directory.urls")),
    path("tasking/", include("tasking.urls")),
    path("engagement/", include("engagement.urls")),
    path("governance/", include("governance.urls")),
    path("healthz", healthz, name="healthz"),
    path("api/", include("directory.api.urls")),
    path("api/", include("tasking.api.urls")),
    path("api/", include("engagement.api.urls")),
    path("api/", include("governance.api.urls")),
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
