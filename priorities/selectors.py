"""Reads of the priorities, taking the reader (directory/access.py)."""

import datetime

from .models import Priority


def priorities_in_force(*, user, on: datetime.date):
    """The priorities in force on `on`, strategic first, in the documents' order."""
    return Priority.objects.restrict(user).in_force(on)
