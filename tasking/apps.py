from django.apps import AppConfig


class TaskingConfig(AppConfig):
    """Targets, two-way tasking and assistance requests, and lead/support/coordinate
    decisions (OP §5-§25)."""

    name = "tasking"
