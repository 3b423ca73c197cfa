"""The commitments page and API under `make bench` (issue 13 §3: p95 under 300 ms at
bench scale). Nothing is seeded here: the page measures the records the other apps'
benchmarks seed before it (tasking's 200,000 requests among them), one query per kind
of commitment whatever their number."""

import secrets

from directory.choices import Clearance, Role
from directory.services import user_create_or_update

from . import reference

# What the load stage of `make bench` puts under load.
LOAD = ("commitments: page", "commitments: API")


def setup(*, scale: float):  # nothing here grows with scale
    reference.load()
    user, _ = user_create_or_update(
        username="bench-commitments",
        password=secrets.token_urlsafe(24),  # signed in directly, never typed
        organisation_name="National Crime Agency",
        roles=[Role.SECRETARIAT],
        clearance=Clearance.SC,
    )
    return user, {
        "commitments: page": "/commitments/",
        "commitments: API": "/api/commitments/",
        "commitments: API, missed, governing bodies": (
            "/api/commitments/?status=missed&scope=governing_body"
        ),
    }
