from django.contrib.auth.backends import ModelBackend

from .models import User


class PortalBackend(ModelBackend):
    """Loads the signed-in user with their organisation, which every page needs."""

    def get_user(self, user_id):
        user = User.objects.select_related("organisation", "posted_to").filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None
