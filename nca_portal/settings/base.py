"""Settings shared by every environment.

Configuration comes only from the environment: DATABASE_URL, REDIS_URL, SECRET_KEY,
DEBUG, ALLOWED_HOSTS and PORT. `local` gives safe defaults for a developer's machine;
`production` insists on real values.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
import dj_email_url
import pghistory
from csp.constants import NONCE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
PORT = int(os.environ.get("PORT", "8000"))
# The portal's address as its users reach it, for links in e-mails.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", f"http://127.0.0.1:{PORT}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_celery_beat",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "directory",
    "audit",
    "activity",
    "notifications",
    "priorities",
    "tasking",
    "engagement",
    "governance",
    "delivery",
    "commitments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "directory.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "directory.two_factor.SecondFactorRequiredMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "directory.middleware.PortalNotFoundMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nca_portal.urls"
WSGI_APPLICATION = "nca_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "directory.context_processors.portal",
                "notifications.context_processors.unread",
            ],
        },
    }
]
FORM_RENDERER = "directory.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nca_portal"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "nca-portal",
    }
}

AUTH_USER_MODEL = "directory.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "notifications.backends.PortalBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # NCSC password guidance: refuse the predictable as well as the common.
    {"NAME": "directory.passwords.RepeatedPatternValidator"},
    {"NAME": "directory.passwords.PortalWordsValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Only a developer's machine lists the demo sign-ins on the sign-in page (local.py).
DEMO_SIGN_INS_ON_SIGN_IN_PAGE = False

# Sessions, tokens and clearances end (issue 9 §3); directory/middleware.py ends sessions.
SESSION_IDLE_TIMEOUT = datetime.timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "30")))
SESSION_MAX_AGE = datetime.timedelta(hours=int(os.environ.get("SESSION_MAX_HOURS", "8")))
SESSION_COOKIE_AGE = int(SESSION_MAX_AGE.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Every request reads its session: from Redis, kept in PostgreSQL too (written through).
# A session still ends at once when it should: signing out deletes it from both, and
# signing out everywhere or a new password ends it by the user's own row, read fresh
# on every request (directory.models.User.get_session_auth_hash).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
API_TOKEN_LIFETIME = datetime.timedelta(hours=int(os.environ.get("API_TOKEN_HOURS", "8")))
# A new person's clearance review falls due within this unless their administrator records
# the date their vetting gives; the people to tell are told this long before it.
CLEARANCE_REVIEW_INTERVAL = datetime.timedelta(days=365)
CLEARANCE_REVIEW_NOTICE = datetime.timedelta(days=30)

# How many proxies in front of the portal append to X-Forwarded-For: 0 on a developer's
# machine, 1 behind the deployment's TLS-terminating proxy. The client's address is read
# from that many proxies in, never further (directory/clients.py): the sign-in lockout,
# the API throttles and the access log all see the same address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# After ten failed sign-ins for one username from one address, that pair is locked out
# for fifteen minutes, in the browser and over the API; the same name from another
# address is not. Sign-ins are logged by `audit`.
AXES_CLIENT_IP_CALLABLE = "directory.clients.client_address"
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Two-factor sign-in: authenticator apps (TOTP), passkeys (WebAuthn) and recovery codes.
OTP_TOTP_ISSUER = "NCA portal"
OTP_WEBAUTHN_RP_NAME = "NCA tasking and coordination portal"
OTP_WEBAUTHN_RP_ID = os.environ.get("OTP_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS", f"http://localhost:{PORT}")
# A passkey is a second factor after the password, never a sign-in on its own.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# Guardian's anonymous user would need an organisation; nobody anonymous sees anything.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded papers and documents: never served directly; each download goes through a
# view that checks the reader may see it. Outside the static files, on a private volume.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".local" / "media"))

# A list's filters offer "Any status" rather than "---------" (directory/templatetags/govuk.py).
FILTERS_EMPTY_CHOICE_LABEL = "Any"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "directory.api.authentication.ApiTokenAuthentication",
        "directory.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["directory.api.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "directory.api.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "directory.api.schema.PortalAutoSchema",
    "DEFAULT_THROTTLE_RATES": {"sign_in": "10/minute"},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "directory.api.exceptions.exception_handler",
    # JSON bounded in size and depth (issue 9 §4); forms and uploads as DRF's defaults.
    "DEFAULT_PARSER_CLASSES": [
        "directory.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}

# --- What one request may carry (issue 9 §4) -------------------------------------------
# A form or JSON body up to 1 MiB (a target with 50 aliases and four 10,000-character
# texts is under 100 KiB), at most 1,000 fields and 5 files. Uploads are counted as they
# arrive by governance.storage.BoundedUploadHandler, which stops keeping a file past
# 20 MiB and refuses a request larger than that and a form together; files above
# 1 MiB go to a temporary file rather than memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "governance.storage.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
SPECTACULAR_SETTINGS = {
    "TITLE": "NCA tasking and coordination portal API",
    "DESCRIPTION": (
        "Authenticate with POST /api/auth/token/ (username, password and the one-time code "
        "from your authenticator app as `otp`) and send `Authorization: Token <token>`. "
        "Records you may not see answer 404, the same as records that do not exist."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The API is documented as taking JSON; forms are still read, as DRF's browsable pages
    # send them.
    "PARSER_WHITELIST": ["directory.api.parsers.BoundedJSONParser"],
    # One name per choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "DecisionOutcomeEnum": "tasking.choices.Outcome",
        "ThreatAreaEnum": "priorities.choices.ThreatArea",
        "MarkingEnum": "directory.choices.Marking",
        "UrgencyEnum": "tasking.choices.Urgency",
        "RoleEnum": "directory.choices.Role",
    },
}

# E-mail from one variable, EMAIL_URL: smtp://user:password@host:port?tls=1 (or ssl=1),
# console:// to print them. The URL itself is not kept as a setting: only
# EMAIL_HOST_PASSWORD holds the password, and Django masks it wherever settings are shown.
_email = dj_email_url.parse(os.environ.get("EMAIL_URL") or "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 30
del _email
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "NCA portal <no-reply@nca.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # Quiet libraries that report every step at INFO (sign-in attempts, each PDF page).
    # A refused or missing page (4xx) is an answer, not a fault: Django would log each
    # with its traceback; only server errors are worth a line.
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Every insert, update and delete of a tracked record is kept, with who and where from
# (the middleware's context); history is append-only: triggers refuse UPDATE and DELETE.
PGHISTORY_DEFAULT_TRACKERS = (
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
)
PGHISTORY_APPEND_ONLY = True
# The admin site's history page shows a version only to a reader cleared for it (issue 9).
PGHISTORY_ADMIN_CLASS = "directory.admin_base.HistoryAdmin"
# The role the portal runs as in deployment, when it is not the tables' owner.
DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "")
