"""Sessions that end, and pages no cache keeps (issue 9 §3, "Sessions end after 30
minutes idle and 8 hours in all. Authenticated pages and API responses carry
Cache-Control: no-store")."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import render, resolve_url
from django.utils.cache import add_never_cache_headers
from django.views.defaults import page_not_found

SIGNED_IN_AT = "portal_signed_in_at"
LAST_SEEN_AT = "portal_last_seen_at"
# The idle clock is written to the session at most this often (seconds), not on every
# request: a session may outlive its idle limit by up to this much.
LAST_SEEN_PRECISION = 60


def session_ended(session, now: float) -> str | None:
    """Why a signed-in browser session has ended, or None if it has not:
    SESSION_IDLE_TIMEOUT without a request, or SESSION_MAX_AGE since signing in, whichever
    comes first."""
    signed_in_at = session.get(SIGNED_IN_AT, now)
    last_seen_at = session.get(LAST_SEEN_AT, signed_in_at)
    if now - signed_in_at >= settings.SESSION_MAX_AGE.total_seconds():
        hours = round(settings.SESSION_MAX_AGE.total_seconds() / 3600)
        return f"you had been signed in for {hours} hours"
    if now - last_seen_at >= settings.SESSION_IDLE_TIMEOUT.total_seconds():
        minutes = round(settings.SESSION_IDLE_TIMEOUT.total_seconds() / 60)
        return f"you had not used the portal for {minutes} minutes"
    return None


class SessionLimitsMiddleware:
    """Ends a browser session that has been idle or open too long, before the view runs,
    and tells the person why, with a way to sign in again (an API call goes on unsigned,
    and is refused); and marks every response to a
    signed-in person, and every API response, `Cache-Control: no-store`.

    Sits after AuthenticationMiddleware (it reads the session's user) and before
    OTPMiddleware (which then sees whoever is left signed in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            reason = session_ended(request.session, now)
            if reason:
                logout(request)
                if not request.path.startswith("/api/"):
                    return _never_stored(_signed_out_page(request, reason))
            else:
                request.session.setdefault(SIGNED_IN_AT, now)
                if now - request.session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_PRECISION:
                    request.session[LAST_SEEN_AT] = now
        response = self.get_response(request)
        # `request.user` is the API token's owner by now for a token request.
        if request.user.is_authenticated or request.path.startswith("/api/"):
            _never_stored(response)
        return response


def _signed_out_page(request, reason: str):
    sign_in = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
    return render(request, "account/signed_out.html", {"reason": reason, "sign_in": sign_in})


def _never_stored(response):
    add_never_cache_headers(response)
    return response


class PortalNotFoundMiddleware:
    """The portal's own "Page not found" (templates/404.html) in every setting. With
    DEBUG on, Django would answer a missing address, or a record the reader may not see,
    with its debug page listing every URL; a record someone may not see must look like
    one that does not exist, on a developer's machine too. (PermissionDenied already gets
    templates/403.html whatever DEBUG is.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No view matched the address: Django has answered with its own 404 page.
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
