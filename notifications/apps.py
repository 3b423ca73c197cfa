from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """One notification centre for the whole portal: a message in the portal for each
    person, and the e-mail it owes written to a transactional outbox in the same
    transaction, sent at once or in a daily digest as the person prefers."""

    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from . import receivers  # noqa: F401
