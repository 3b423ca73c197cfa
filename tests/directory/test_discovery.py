from django.apps import apps

from directory import discovery


def test_each_apps_module_is_looked_for_once_not_on_every_page(monkeypatch):
    """The header's navigation and the home page's panels are found on every request;
    a module an app does not have would cost a search of the import path each time."""
    looked_for = []
    real = discovery.import_module
    monkeypatch.setattr(
        discovery, "import_module", lambda name: looked_for.append(name) or real(name)
    )
    discovery._found.cache_clear()

    first = list(discovery.app_modules("navigation"))
    again = list(discovery.app_modules("navigation"))

    assert len(looked_for) == len(apps.get_app_configs())
    assert again == first
    assert [app.name for app, _ in first] == [
        "directory",
        "tasking",
        "engagement",
        "governance",
        "delivery",
    ]
