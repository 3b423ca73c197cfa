"""API tokens: one per client, stored as a digest, ending when they expire or are ended
(issue 9 §3). Sent as `Authorization: Token <key>`."""

import datetime

from django.utils import timezone
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from directory import services
from directory.choices import TokenEnd
from directory.models import ApiToken
from directory.rules import clearance_in_force
from directory.two_factor import is_verified

# How stale `last_used_at` may be: a token in steady use writes once a minute, not on
# every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key):
        now = timezone.now()
        token = (
            ApiToken.objects.select_related("user__organisation", "user__posted_to")
            .filter(digest=ApiToken.digest_of(key))
            .first()
        )
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        user = token.user
        if not user.is_active:
            services.api_tokens_end(user=user, because=TokenEnd.DEACTIVATED)
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not clearance_in_force(user):
            services.api_tokens_end(user=user, because=TokenEnd.CLEARANCE_LAPSED)
            raise exceptions.AuthenticationFailed(
                "Your clearance is due for review: your tokens have ended. Ask your portal "
                "administrator to renew it."
            )
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed("Token has expired: sign in again.")
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (user, token)


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session signs in to the API only once its second factor is verified
    (issue 9 §3): a session that has given only a password is not signed in here."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None or not is_verified(result[0]):
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    """The API's documentation describes it as the session cookie it is."""

    target_class = VerifiedSessionAuthentication
