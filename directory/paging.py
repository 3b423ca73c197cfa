"""The one way a list is paged, for the pages and the API alike: by keyset (a cursor).

A page is the rows after (or before) the last row the reader saw, in the list's own
order with the primary key last to break ties, read with a LIMIT from an index on those
keys. Nothing counts the whole table: the count is exact up to COUNT_LIMIT rows and
otherwise says "more than" (issue 14 §1).

A cursor holds the sort keys of the row a page starts after, and which way to go. It
is opaque to readers and never trusted: a cursor that does not decode, or whose values
do not fit the list's keys, is refused (InvalidCursor), and whatever it holds only moves
the window over rows the reader may already see.
"""

import base64
import binascii
import datetime
import decimal
import json
import uuid
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import OrderBy
from django.utils.duration import duration_iso_string
from django.utils.timezone import is_naive

from .counting import COUNT_LIMIT, bounded_count

NEXT, PREVIOUS = "n", "p"
KEY = "keyset_{}"


class InvalidCursor(ValueError):
    """A cursor that is not one this list gave."""


@dataclass(frozen=True)
class Key:
    """One sort key of a list: what it orders by, which way, and where its nulls go."""

    expression: object
    descending: bool
    nulls_first: bool  # where PostgreSQL puts nulls in this order
    explicit_nulls: bool  # whether the ordering said so itself
    nullable: bool

    def order_by(self, *, reverse: bool = False) -> OrderBy:
        descending = self.descending != reverse
        nulls = {}
        if self.explicit_nulls:
            first = self.nulls_first != reverse
            nulls = {"nulls_first": True} if first else {"nulls_last": True}
        return OrderBy(self.expression, descending=descending, **nulls)


@dataclass
class KeysetPage:
    """One page of a list: its rows, the count (exact up to COUNT_LIMIT), and the cursors
    of the pages before and after it (None where there is none)."""

    object_list: list
    count: int
    count_is_exact: bool
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def keyset_page(queryset, cursor: str | None, *, per_page: int) -> KeysetPage:
    """The page of `queryset` that `cursor` points to: the first without one, or when
    nothing is left where it points. Two queries: the page's rows and the bounded count.
    Raises InvalidCursor."""
    keys = sort_keys(queryset)
    keyed = queryset.annotate(
        **{KEY.format(n): key.expression for n, key in enumerate(keys)}
    ).order_by()
    going, after = _decode(cursor, keyed, len(keys)) if cursor else (NEXT, None)
    backwards = going == PREVIOUS
    window = keyed.order_by(*(key.order_by(reverse=backwards) for key in keys))
    if after is not None:
        window = window.filter(_after(keys, after, reverse=backwards))
    rows = list(window[: per_page + 1])
    if after is not None and not rows:  # what the cursor pointed past has gone since
        return keyset_page(queryset, None, per_page=per_page)
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
    has_next = more if not backwards else after is not None
    has_previous = more if backwards else after is not None
    count = bounded_count(queryset)
    return KeysetPage(
        object_list=rows,
        count=int(count),
        count_is_exact=not count.more,
        next_cursor=_encode(NEXT, _values(rows[-1], keys)) if has_next else None,
        previous_cursor=_encode(PREVIOUS, _values(rows[0], keys)) if has_previous else None,
    )


def position_page(read, count, cursor: str | None, *, per_page: int) -> KeysetPage:
    """A page of a list whose order no single index holds but whose rows `read(start,
    stop)` reads from indexes with a LIMIT (the tasking desk: overdue, then the rest).
    Its cursor holds a position, never past COUNT_LIMIT; `count` is a bounded count.
    Raises InvalidCursor."""
    start = _position(cursor) if cursor else 0
    rows = read(start, start + per_page + 1)
    more = len(rows) > per_page and start + per_page < COUNT_LIMIT
    return KeysetPage(
        object_list=rows[:per_page],
        count=int(count),
        count_is_exact=not count.more,
        next_cursor=_encode(NEXT, [start + per_page]) if more else None,
        previous_cursor=_encode(PREVIOUS, [max(start - per_page, 0)]) if start else None,
    )


def _position(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        going, values = json.loads(text)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
        raise InvalidCursor(cursor) from error
    valid = going in (NEXT, PREVIOUS) and isinstance(values, list) and len(values) == 1
    position = values[0] if valid else None
    if type(position) is not int or not 0 <= position < COUNT_LIMIT:
        raise InvalidCursor(cursor)
    return position


# --- the sort keys -----------------------------------------------------------------------


def sort_keys(queryset) -> list[Key]:
    """The queryset's ordering as keys, expanded as Django expands it (a relation orders
    by its model's own ordering), with the primary key last if it is not already there."""
    query = queryset.query
    ordering = list(query.order_by or (query.default_ordering and queryset.model._meta.ordering))
    keys = []
    for item in ordering:
        keys.extend(_keys_of(queryset, item))
    if not any(_is_pk(queryset.model, key.expression) for key in keys):
        descending = keys[-1].descending if keys else False
        keys.append(Key(F("pk"), descending, descending, False, False))
    return keys


def _keys_of(queryset, item, *, prefix: str = "", flip: bool = False) -> list[Key]:
    """The keys one item of an ordering stands for, as Django's compiler reads it
    (`find_ordering_name`): a name of a relation stands for its model's ordering, under
    the relation's `prefix` and turned round (`flip`) when the relation is descending."""
    if isinstance(item, str):
        if item == "?":
            raise ValueError("A list in random order cannot be paged.")
        return _keys_of_name(queryset, prefix + item.lstrip("-"), item.startswith("-") != flip)
    if not isinstance(item, OrderBy):
        item = item.desc() if flip else item.asc()
    if prefix:
        item = item.prefix_references(prefix)
    expression = item.expression
    explicit = bool(item.nulls_first or item.nulls_last)
    nulls_first = bool(item.nulls_first) if explicit else item.descending
    nullable = _field_of(queryset.model, expression.name)[1] if isinstance(expression, F) else True
    return [Key(expression, item.descending, nulls_first, explicit, nullable)]


def _keys_of_name(queryset, name: str, descending: bool) -> list[Key]:
    field, nullable = _field_of(queryset.model, name)
    related = field.related_model if field is not None and field.is_relation else None
    by_column = name.split(LOOKUP_SEP)[-1] in ("pk", getattr(field, "attname", None))
    if related is None or not related._meta.ordering or by_column:
        return [Key(F(name), descending, descending, False, nullable)]
    keys = []
    for item in related._meta.ordering:
        keys.extend(_keys_of(queryset, item, prefix=name + LOOKUP_SEP, flip=descending))
    return keys


def _field_of(model, name: str):
    """The model field `name` reaches (through relations), and whether any step of it may
    be null; (None, True) for an annotation or anything else that is not a field."""
    nullable = False
    field = None
    for part in name.split(LOOKUP_SEP):
        if model is None:
            return None, True
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            return None, True
        nullable = nullable or field.null or (field.is_relation and not field.concrete)
        model = field.related_model
    return field, nullable


def _is_pk(model, expression) -> bool:
    if not isinstance(expression, F):
        return False
    return expression.name in ("pk", model._meta.pk.name, model._meta.pk.attname)


# --- the window ----------------------------------------------------------------------------


def _after(keys: list[Key], values: list, *, reverse: bool) -> Q:
    """Rows strictly after `values` in the keys' order (before, with `reverse`): the
    first key past its value, or equal to it and the next past its own, and so on. The
    first key's bound is repeated on its own (`<=`, `>=`), so that PostgreSQL reads a
    range of its index rather than testing every row from the start."""
    names = [KEY.format(n) for n in range(len(keys))]
    branches = Q(pk__in=[])
    for n, key in enumerate(keys):
        branch = _past(names[n], key, values[n], reverse=reverse)
        for m in range(n):
            branch &= _equal(names[m], values[m])
        branches |= branch
    return _not_before(names[0], keys[0], values[0], reverse=reverse) & branches


def _not_before(name: str, key: Key, value, *, reverse: bool) -> Q:
    """The first key at or past `value`."""
    descending = key.descending != reverse
    nulls_first = key.nulls_first != reverse
    if value is None:
        return Q() if nulls_first else Q(**{f"{name}__isnull": True})
    bound = Q(**{f"{name}__{'lte' if descending else 'gte'}": value})
    if key.nullable and not nulls_first:
        bound |= Q(**{f"{name}__isnull": True})
    return bound


def _past(name: str, key: Key, value, *, reverse: bool) -> Q:
    descending = key.descending != reverse
    nulls_first = key.nulls_first != reverse
    if value is None:
        # Nulls first: every value comes after a null. Nulls last: nothing does.
        return Q(**{f"{name}__isnull": False}) if nulls_first else Q(pk__in=[])
    past = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
    if key.nullable and not nulls_first:
        past |= Q(**{f"{name}__isnull": True})
    return past


def _equal(name: str, value) -> Q:
    return Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})


# --- cursors -------------------------------------------------------------------------------


def _values(row, keys: list[Key]) -> list:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return [get(KEY.format(n)) for n in range(len(keys))]


def _plain(value):
    """A key's value as JSON holds it, to the microsecond."""
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _encode(going: str, values: list) -> str:
    text = json.dumps([going, [_plain(value) for value in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str, keyed, count: int) -> tuple[str, list]:
    """The direction and key values a cursor holds, each read as its key's field reads
    a value and checked as it checks one."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        going, values = json.loads(text)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
        raise InvalidCursor(cursor) from error
    if going not in (NEXT, PREVIOUS) or not isinstance(values, list) or len(values) != count:
        raise InvalidCursor(cursor)
    annotations = keyed.query.annotations
    return going, [
        _read(annotations[KEY.format(n)].output_field, value) for n, value in enumerate(values)
    ]


def _read(field, value):
    if value is None:
        return None
    if isinstance(value, list | dict) or (isinstance(value, str) and "\x00" in value):
        raise InvalidCursor(value)
    try:
        value = field.to_python(value)
        field.run_validators(value)
    except (ValidationError, TypeError, ValueError, OverflowError) as error:
        raise InvalidCursor(value) from error
    if isinstance(value, datetime.datetime) and is_naive(value):
        raise InvalidCursor(value)
    return value
