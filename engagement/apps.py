from django.apps import AppConfig


class EngagementConfig(AppConfig):
    """Directed tasking and the PCCs: directions, notices, briefings and requests for
    information (PCC §6, §15-§21; OP §9, §11)."""

    name = "engagement"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
