"""Writes to the access log. Every function here only appends."""

from .models import AccessEvent, AccessEventKind


def _client(request) -> dict:
    if request is None:
        return {"ip_address": None, "channel": ""}
    channel = "api" if request.path.startswith("/api/") else "web"
    return {"ip_address": request.META.get("REMOTE_ADDR") or None, "channel": channel}


def record_sign_in(*, user, request) -> AccessEvent:
    return AccessEvent.objects.create(
        kind=AccessEventKind.SIGN_IN, user=user, username=user.get_username(), **_client(request)
    )


def record_sign_in_failed(*, username: str, request) -> AccessEvent:
    return AccessEvent.objects.create(
        kind=AccessEventKind.SIGN_IN_FAILED, username=username[:150], **_client(request)
    )


def record_sign_out(*, user, request) -> AccessEvent:
    return AccessEvent.objects.create(
        kind=AccessEventKind.SIGN_OUT, user=user, username=user.get_username(), **_client(request)
    )


def record_read(*, user, obj, request=None) -> AccessEvent:
    return AccessEvent.objects.create(
        kind=AccessEventKind.READ,
        user=user,
        username=user.get_username(),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        marking=obj.marking,
        **_client(request),
    )
