"""The API's schema documents every answer an operation can give, errors included, so
that a client (and the contract test, tests/api/test_schema_contract.py) knows them."""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from .exceptions import ErrorSerializer

# A time of day as the API writes it: local (London) time, without an offset. JSON
# Schema's `time` format requires an offset, so the schema states the pattern instead.
TIME_OF_DAY = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$",
    "example": "10:00:00",
}

LISTS = (serializers.ListSerializer, serializers.ManyRelatedField, serializers.ListField)

ERRORS = {
    "400": "The request is not valid: `errors` names each field refused and why.",
    "401": "No credentials were sent, or they are not valid (or have expired).",
    "403": "You may see this, but not do this: `detail` says why.",
    "404": "There is no such record, or you may not see it: both answer the same.",
    "413": "The body is larger than the portal takes.",
    "415": "The body is not JSON.",
    "429": "Too many attempts: wait as long as the Retry-After header says.",
}


def named_choice_field(component: str, choices):
    """A choice field class whose values are their own named enum in the schema. Several
    apps have fields called "kind", "status" or "audience" with different choices, which
    the schema would otherwise name after the field, and collide."""
    field_class = type(f"{component}Field", (serializers.ChoiceField,), {})
    schema = {"type": "string", "enum": [value for value, _ in choices]}
    return extend_schema_field(schema, component_name=component)(field_class)


class PortalAutoSchema(AutoSchema):
    """Adds to each operation the errors it can answer, all in the one `Error` shape
    (directory/api/exceptions.py), from what the operation is: a body or query parameters
    can be refused (400, 413, 415), a signed-in operation can be refused (401, 403), a record
    can be missing (404), a throttled one can be slowed (429). A view that
    answers another error (409, say) declares it in `extend_schema(responses=...)` with
    no body; it is given the `Error` body here."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in self._error_codes(operation):
            description = responses.get(code, {}).get("description") or ERRORS.get(code, "")
            responses[code] = self._get_response_for_code(
                OpenApiResponse(ErrorSerializer, description=description), code
            )
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """What a read-only field may hold follows its model field: a blank choice or a
        null (a record with no region) is in the schema as it is in the answers."""
        if field.read_only and not isinstance(field, LISTS):
            model_field, nullable = _model_field(field)
            if nullable:
                field.allow_null = True
            if isinstance(field, serializers.ChoiceField) and getattr(model_field, "blank", False):
                field.allow_blank = True
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField):
            schema = {**{k: v for k, v in schema.items() if k != "format"}, **TIME_OF_DAY}
        return schema

    def _error_codes(self, operation) -> list[str]:
        parameters = operation.get("parameters", [])
        in_query = [p["name"] for p in parameters if p["in"] == "query"]
        has_body = "requestBody" in operation
        codes = {code for code in operation["responses"] if code >= "400"}
        if has_body or in_query or self.method != "GET":
            codes.add("400")
        if has_body:
            codes.update({"413", "415"})
        codes.add("401")  # a token that is not valid is refused even where none is needed
        if operation.get("security"):
            codes.add("403")
        if any(p["in"] == "path" for p in parameters):
            codes.add("404")
        if self.view.get_throttles():
            codes.add("429")
        return sorted(codes)


def _model_field(field):
    """The model field a serializer field reads (following `source` through relations),
    and whether any step of the way may be null; (None, False) when it reads none."""
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    model_field, nullable = None, False
    for attribute in getattr(field, "source_attrs", ()):  # unbound fields read nothing
        if model is None:
            return None, False
        try:
            model_field = model._meta.get_field(attribute)
        except FieldDoesNotExist:
            return None, False
        nullable = nullable or model_field.null
        model = model_field.related_model
    return model_field, nullable
