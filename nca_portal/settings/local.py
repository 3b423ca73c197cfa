"""A developer's machine: safe defaults, nothing secret."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "local-development-only-key-never-used-in-production")
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
