from directory.two_factor import is_verified

from .selectors import unread_count


def unread(request):
    """The signed-in person's count of unread notifications, for every page's header. The
    user is normally loaded with it (notifications.backends.PortalBackend); otherwise it is
    counted here."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_verified(user):
        return {}
    count = getattr(user, "unread_notifications", None)
    if count is None:
        count = unread_count(user=user)
    return {"unread_notifications": count}
