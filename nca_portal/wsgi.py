import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nca_portal.settings.local")

application = get_wsgi_application()

# What is loaded by now (the apps, their models, every view through the URLconf) lives as
# long as the worker: set it aside from the garbage collector, whose full collections
# would otherwise walk all of it, and stall a request by ~100 ms every few hundred.
get_resolver().url_patterns  # noqa: B018 (imports every view)
gc.freeze()
