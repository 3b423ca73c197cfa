"""API tokens that expire, as a session does."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token

from directory.two_factor import is_verified


def token_expired(token: Token) -> bool:
    return timezone.now() - token.created > settings.API_TOKEN_LIFETIME


@transaction.atomic
def issue_token(user) -> Token:
    """The user's token, replaced by a fresh one when it has expired."""
    token, created = Token.objects.select_for_update().get_or_create(user=user)
    if not created and token_expired(token):
        token.delete()
        token = Token.objects.create(user=user)
    return token


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        try:
            token = Token.objects.select_related("user__organisation").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        if token_expired(token):
            raise exceptions.AuthenticationFailed("Token has expired: sign in again.")
        return (token.user, token)


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
