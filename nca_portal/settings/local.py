"""A developer's machine: safe defaults, nothing secret."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "local-development-only-key-never-used-in-production")
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Without EMAIL_URL, the e-mails the portal sends are written to files in .local/mail/
# rather than printed among the web server's and worker's lines.
if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / ".local" / "mail"  # noqa: F405

# The sign-in page lists the demo sign-ins when the demo data is loaded; never in
# production, whose settings leave this off.
DEMO_SIGN_INS_ON_SIGN_IN_PAGE = True

# The development server's "Watching for file changes", printed twice at every start,
# says nothing a developer needs.
LOGGING["loggers"]["django.utils.autoreload"] = {"level": "WARNING"}  # noqa: F405
