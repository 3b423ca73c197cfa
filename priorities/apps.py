from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    """The NCA's strategic and operational priorities, dated and versioned (PCC §10-11,
    PCC Annex A)."""

    name = "priorities"
