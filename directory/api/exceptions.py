"""Every error the API answers has one shape (the `Error` component of the schema):

    {"detail": "What went wrong, in a sentence.", "errors": {"field": ["Why."]}}

`detail` is always a sentence a person can read; `errors` names each field that was
refused, with its messages (empty when the error is not about a field). A field nested
in another is named by its path: `tests.priority_target`, `aliases.3`."""

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

# Where DRF and Django put a message that is about no one field.
NOT_A_FIELD = {"", "detail", NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY}


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request is larger than the portal takes (issue 9 §4)."
    default_code = "too_large"


class ErrorSerializer(serializers.Serializer):
    """Every error the API answers: what went wrong, and which fields were refused."""

    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=(
            "The messages for each field that was refused, by its name (a nested field by "
            "its path: `tests.priority_target`, `aliases.3`). Empty when the error is not "
            "about a field."
        ),
    )

    class Meta:
        ref_name = "Error"


def exception_handler(exc, context):
    """Services raise Django's ValidationError naming the field; the API answers 400
    with the same field and message, as a form does in the browser. A service's
    PermissionDenied is a 403 with its reason; Http404 ("not yours" as much as "does not
    exist") is the one 404; a body larger than the portal takes is a 413."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, PermissionDenied) and exc.args:
        exc = exceptions.PermissionDenied(str(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, SuspiciousOperation):  # too many fields or files, a bad boundary
        exc = exceptions.ParseError(str(exc))
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(response.data)
    return response


def error_body(detail) -> dict:
    """`detail` as DRF gives it (a string, a list of strings, or field names to their
    messages, nested) in the one shape."""
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    for name, messages in _messages(detail):
        if name in NOT_A_FIELD:
            general.extend(messages)
        else:
            fields.setdefault(name, []).extend(messages)
    if not general:
        general = [f"Check {', '.join(fields)}: see errors."] if fields else ["Bad request."]
    return {"detail": " ".join(general), "errors": fields}


def _messages(detail, name=""):
    """(field path, messages) for every message in `detail`."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _messages(value, f"{name}.{key}" if name else str(key))
    elif isinstance(detail, list | tuple):
        flat = [str(item) for item in detail if not isinstance(item, dict | list | tuple)]
        if flat:
            yield name, flat
        for index, item in enumerate(detail):
            if isinstance(item, dict | list | tuple) and item:
                yield from _messages(item, f"{name}.{index}" if name else str(index))
    else:
        yield name, [str(detail)]
