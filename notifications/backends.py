from functools import cache

from django.contrib.auth.backends import ModelBackend

from directory.models import User

from .selectors import with_unread_count


@cache
def _people():
    """The query every request loads its user with, built once per process: building it
    (two joins and the unread count's subquery) cost as much as running it. Never
    evaluated itself; each request filters a copy. Unordered: it finds one row by key."""
    return with_unread_count(User.objects.select_related("organisation", "posted_to")).order_by()


class PortalBackend(ModelBackend):
    """Loads the signed-in user with their organisation and their count of unread
    notifications, which every page needs, in one query."""

    def get_user(self, user_id):
        user = next(iter(_people().filter(pk=user_id)), None)
        return user if user and self.user_can_authenticate(user) else None
