from django.apps import AppConfig


class ActivityConfig(AppConfig):
    """One feed of what happened and what is planned across the portal, each entry with
    its marking: decisions, requests, directions, significant events, planned operational
    activity and urgent demands. Apps write to it; the daily briefing reads it."""

    name = "activity"
    verbose_name = "Activity feed"
