"""How every list of the API is paged: by the one keyset paginator the pages use
(directory/paging.py), with links to the next and previous pages and a bounded count."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param

from directory.counting import COUNT_LIMIT
from directory.paging import InvalidCursor, keyset_page

CURSOR = "cursor"


class KeysetPagination(BasePagination):
    """`?cursor=` is taken from a list's own `next` or `previous` link; without it, the
    first page. A cursor the list did not give is refused (400, naming `cursor`)."""

    page_size = api_settings.PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        try:
            self.page = keyset_page(
                queryset, request.query_params.get(CURSOR), per_page=self.page_size
            )
        except InvalidCursor as error:
            raise ValidationError(
                {CURSOR: ["Give a cursor from a list's next or previous link, or leave it out."]}
            ) from error
        return self.page.object_list

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.count,
                "count_is_exact": self.page.count_is_exact,
                "next": self._link(self.page.next_cursor),
                "previous": self._link(self.page.previous_cursor),
                "results": data,
            }
        )

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), CURSOR)
        return replace_query_param(url, CURSOR, cursor)

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "count_is_exact", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": COUNT_LIMIT,
                    "description": (
                        f"How many records the list holds, counted up to {COUNT_LIMIT:,}: "
                        f"exact when `count_is_exact`, otherwise more than {COUNT_LIMIT:,}."
                    ),
                },
                "count_is_exact": {
                    "type": "boolean",
                    "description": f"False when the list holds more than {COUNT_LIMIT:,}.",
                },
                "next": {**link, "description": "The next page; null on the last."},
                "previous": {**link, "description": "The previous page; null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": (
                    "Where the page starts: the `cursor` of the list's `next` or "
                    "`previous` link. Leave it out for the first page."
                ),
                "schema": {"type": "string"},
            }
        ]
