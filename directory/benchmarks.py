"""Benchmarks of the directory, run by `manage.py run_benchmarks` (`make bench`)."""

import secrets

from directory.choices import Clearance, Role
from directory.models import Organisation
from directory.services import user_create_or_update

# What the load stage of `make bench` puts under load.
LOAD = ("home page",)


def setup(*, scale: float):  # nothing here grows with scale
    user, _ = user_create_or_update(
        username="bench-tasking",
        password=secrets.token_urlsafe(24),  # signed in directly, never typed
        organisation_name="National Crime Agency",
        roles=[Role.TASKING_OFFICER],
        clearance=Clearance.SC,
    )
    kent = Organisation.objects.get(name="Kent Police")
    ersou = Organisation.objects.get(name="Eastern Region Special Operations Unit")
    return user, {
        "home page": "/",
        "directory list page": "/directory/",
        "directory list, filtered": "/directory/?kind=territorial_force&region=eastern",
        "force page": f"/directory/{kent.pk}/",
        "ROCU page": f"/directory/{ersou.pk}/",
        "API organisations list": "/api/organisations/",
        "API organisation": f"/api/organisations/{kent.pk}/",
    }
