"""Writes to the access log. Every function here only appends."""

from directory.clients import client_address
from directory.rules import highest_marking, marking_is_sensitive

from .models import AccessEvent, AccessEventKind


def _client(request) -> dict:
    if request is None:
        return {"ip_address": None, "channel": ""}
    channel = "api" if request.path.startswith("/api/") else "web"
    return {"ip_address": client_address(request), "channel": channel}


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


def record_rows_read(*, user, object_type: str, rows, request=None) -> AccessEvent | None:
    """The same entry as `record_list_read`, for a response built from rows read as
    values: `rows` are (id, marking) pairs of records of one `object_type`."""
    marked = [(pk, marking) for pk, marking in rows if marking_is_sensitive(marking)]
    if not marked:
        return None
    return AccessEvent.objects.create(
        kind=AccessEventKind.LIST,
        user=user,
        username=user.get_username(),
        object_type=object_type,
        object_ids=[f"{object_type}:{pk}:{marking}" for pk, marking in marked],
        marking=highest_marking(marking for _, marking in marked),
        **_client(request),
    )


def record_list_read(*, user, rows, request=None) -> AccessEvent | None:
    """One entry for a list, search or export response (issue 9 §5): every record it
    returned marked OFFICIAL-SENSITIVE or above, as "type:id:marking", in one row.
    Nothing when it returned none."""
    marked = [row for row in rows if marking_is_sensitive(getattr(row, "marking", "official"))]
    if not marked:
        return None
    types = sorted({row._meta.label_lower for row in marked})
    return AccessEvent.objects.create(
        kind=AccessEventKind.LIST,
        user=user,
        username=user.get_username(),
        object_type=", ".join(types)[:100],
        object_ids=[f"{row._meta.label_lower}:{row.pk}:{row.marking}" for row in marked],
        marking=highest_marking(row.marking for row in marked),
        **_client(request),
    )
