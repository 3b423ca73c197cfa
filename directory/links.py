"""Addresses of the portal's pages outside the portal: in e-mails, calendar feeds and
anything else a person opens from elsewhere. The one place that knows PORTAL_BASE_URL."""

from django.conf import settings


def portal_url(path: str = "/") -> str:
    """The full address of a portal path ("/tasking/requests/1/")."""
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"
