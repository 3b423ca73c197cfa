"""The import contracts (pyproject.toml, checked by `lint-imports` in `make test`) see
only the packages listed as their root packages: an app of the project missing from
that list would escape them unnoticed."""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings


def test_every_app_of_the_project_is_under_the_import_contracts():
    base = Path(settings.BASE_DIR)
    config = tomllib.loads((base / "pyproject.toml").read_text())
    checked = set(config["tool"]["importlinter"]["root_packages"])
    ours = {
        app.name.partition(".")[0]
        for app in apps.get_app_configs()
        if (base / app.name.partition(".")[0] / "__init__.py").is_file()
    }
    assert {"directory", "tasking", "engagement", "governance"} <= ours
    assert sorted(ours - checked) == []
