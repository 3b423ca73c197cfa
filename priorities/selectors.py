"""Reads of the priorities, taking the reader (directory/access.py)."""

import datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.db.models.functions import JSONObject

from .models import Priority

# What a record shows of each priority it serves (priorities/api/fields.py PriorityField).
SHOWN = {"id": "id", "code": "code", "title": "title"}


def priorities_in_force(*, user, on: datetime.date):
    """The priorities in force on `on`, strategic first, in the documents' order."""
    return Priority.objects.restrict(user).in_force(on)


def priorities_served(related_name: str) -> ArraySubquery:
    """The priorities the outer record serves, as it shows them ({id, code, title}, in
    the documents' order), gathered in the record's own query: an annotation for a list
    of records, where a prefetch would cost a query and a manager for every row.
    `related_name` is the records' name on Priority ("requests", say)."""
    served = Priority.objects.filter(**{related_name: OuterRef("pk")})
    return ArraySubquery(served.values(shown=JSONObject(**SHOWN)))
