"""The WSGI entry point gunicorn loads."""

import subprocess
import sys

from django.conf import settings


def test_loading_the_application_sets_what_it_loaded_aside_from_the_garbage_collector():
    """Full collections then walk only what requests make, not the apps, models and views
    a worker keeps for its life; the views are loaded before that, through the URLconf."""
    program = (
        "import gc, sys; import nca_portal.wsgi; "
        "print(gc.get_freeze_count(), 'tasking.views' in sys.modules)"
    )
    loaded = subprocess.run(  # noqa: S603 - this interpreter and a fixed program
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "nca_portal.settings.test", "PATH": "/usr/bin:/bin"},
    )
    frozen, views_loaded = loaded.stdout.split()
    assert int(frozen) > 50_000, loaded.stdout
    assert views_loaded == "True"
