"""Each app may contribute reference data, demo data and benchmarks in a module of a
known name; the management commands find them here, in INSTALLED_APPS order."""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps


def app_modules(name: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    for app in apps.get_app_configs():
        try:
            module = import_module(f"{app.name}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.{name}":
                raise
            continue
        yield app, module
