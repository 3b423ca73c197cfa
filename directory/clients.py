"""Where a request comes from: the client's address, read through the trusted proxies only.

Behind a proxy, REMOTE_ADDR is the proxy's address, so every person would share it: ten
wrong passwords from anywhere would lock a name out for everyone (issue 9 §3, "Lockout
must not be a weapon"). Each proxy appends the address it received from to
X-Forwarded-For; anything to the left of what our own proxies appended was written by the
client and is not to be believed. With `TRUSTED_PROXY_COUNT` proxies the client's address
is that many entries from the right, whatever a client puts in front of it.
"""

from django.conf import settings
from ipware import get_client_ip


def client_address(request) -> str | None:
    """The client's address as the configured number of proxies saw it (django-ipware).

    Used by the sign-in lockout (AXES_CLIENT_IP_CALLABLE); the API throttles read the same
    entry through DRF's NUM_PROXIES, set from the same setting.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        return request.META.get("REMOTE_ADDR") or None
    # ipware counts only the proxies named in the header: the nearest one appears as
    # REMOTE_ADDR instead. Not strict, so a client's own entries to the left are skipped
    # rather than making the whole header (and so the client) unreadable.
    address, _ = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or request.META.get("REMOTE_ADDR") or None
