"""Counts that cost what a page costs: exact up to COUNT_LIMIT and "more than 10,000"
beyond it, never a COUNT(*) over every row a reader may see (issue 14 §1, §2)."""

from django.core.exceptions import EmptyResultSet
from django.db import connections

COUNT_LIMIT = 10_000


class BoundedCount(int):
    """A count that is exact up to its limit; `more` when there are more than that. It
    is an int for arithmetic and plurals, and reads "more than 10,000" on a page."""

    more: bool

    def __new__(cls, value: int, *, more: bool = False):
        count = super().__new__(cls, value)
        count.more = more
        return count

    def __str__(self) -> str:
        return f"more than {int(self):,}" if self.more else str(int(self))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def bounded_counts(limit: int | None = None, **querysets) -> dict[str, BoundedCount]:
    """Each queryset counted to at most `limit` (COUNT_LIMIT) rows, all in one query:
    each reads no more than `limit` + 1 rows of its index, whatever the table holds."""
    limit = limit or COUNT_LIMIT
    parts, params = [], []
    for queryset in querysets.values():
        try:
            sql, part_params = queryset.order_by().values("pk")[: limit + 1].query.sql_with_params()
        except EmptyResultSet:  # a queryset that can hold nothing (`.none()`)
            parts.append("0")
            continue
        # `sql` is Django's own compiled query; its values travel as parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608
        params.extend(part_params)
    database = next(iter(querysets.values())).db
    with connections[database].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    return {
        name: BoundedCount(min(n, limit), more=n > limit)
        for name, n in zip(querysets, row, strict=True)
    }


def bounded_count(queryset, limit: int | None = None) -> BoundedCount:
    return bounded_counts(limit, counted=queryset)["counted"]
