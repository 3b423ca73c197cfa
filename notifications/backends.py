from django.contrib.auth.backends import ModelBackend

from directory.models import User

from .selectors import with_unread_count


class PortalBackend(ModelBackend):
    """Loads the signed-in user with their organisation and their count of unread
    notifications, which every page needs, in one query."""

    def get_user(self, user_id):
        people = with_unread_count(User.objects.select_related("organisation", "posted_to"))
        user = people.filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None
