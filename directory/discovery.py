"""Each app may contribute reference data, demo data and benchmarks in a module of a
known name; the management commands find them here, in INSTALLED_APPS order. Pages find
their navigation and home panels the same way, on every request: the apps are looked
through once per process, since a module that is not there costs a search of the import
path each time it is asked for (Python remembers only the modules it found)."""

import functools
from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps


def app_modules(name: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    yield from _found(name)


@functools.cache
def _found(name: str) -> tuple[tuple[AppConfig, ModuleType], ...]:
    found = []
    for app in apps.get_app_configs():
        try:
            module = import_module(f"{app.name}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.{name}":
                raise
            continue
        found.append((app, module))
    return tuple(found)
