"""Sessions that end, and pages no cache keeps (issue 9 §3, "Sessions end after 30
minutes idle and 8 hours in all. Authenticated pages and API responses carry
Cache-Control: no-store")."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "portal_signed_in_at"
LAST_SEEN_AT = "portal_last_seen_at"
# The idle clock is written to the session at most this often (seconds), not on every
# request: a session may outlive its idle limit by up to this much.
LAST_SEEN_PRECISION = 60


def session_ended(session, now: float) -> bool:
    """Whether a signed-in browser session has ended: SESSION_IDLE_TIMEOUT without a
    request, or SESSION_MAX_AGE since signing in, whichever comes first."""
    signed_in_at = session.get(SIGNED_IN_AT, now)
    last_seen_at = session.get(LAST_SEEN_AT, signed_in_at)
    return (
        now - signed_in_at >= settings.SESSION_MAX_AGE.total_seconds()
        or now - last_seen_at >= settings.SESSION_IDLE_TIMEOUT.total_seconds()
    )


class SessionLimitsMiddleware:
    """Ends a browser session that has been idle or open too long, before the view runs
    (the person is then sent to sign in again); and marks every response to a
    signed-in person, and every API response, `Cache-Control: no-store`.

    Sits after AuthenticationMiddleware (it reads the session's user) and before
    OTPMiddleware (which then sees whoever is left signed in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            if session_ended(request.session, now):
                logout(request)  # LoginRequiredMiddleware then sends them to sign in
            else:
                request.session.setdefault(SIGNED_IN_AT, now)
                if now - request.session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_PRECISION:
                    request.session[LAST_SEEN_AT] = now
        response = self.get_response(request)
        # `request.user` is the API token's owner by now for a token request.
        if request.user.is_authenticated or request.path.startswith("/api/"):
            add_never_cache_headers(response)
        return response
