"""How the API reads a request body (issue 9 §4: no one user can exhaust the portal)."""

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Deeper than any body the API takes (a decision nests three levels).
MAX_JSON_DEPTH = 32


class BoundedJSONParser(JSONParser):
    """JSON nested at most MAX_JSON_DEPTH deep: deeper is a 400, not a RecursionError
    (500). Its size is bounded before it is parsed: DRF reads a JSON body through
    `request.body`, which refuses more than DATA_UPLOAD_MAX_MEMORY_SIZE (a 413)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(stream.read().decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(_too_deep()) from None
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
        if _depth(data) > MAX_JSON_DEPTH:
            raise ParseError(_too_deep())
        return data


def _too_deep() -> str:
    return f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep."


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _depth(data) -> int:
    """How deeply lists and objects nest in `data`, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest
