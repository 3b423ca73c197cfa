"""The change history of marked records (issue 9 §2).

pghistory keeps every version of a tracked record, each with the marking it had then.
Two things here keep markings from slipping through that history: a lowered marking is
written into the change itself (who, from what, to what, why), and a reader is shown a
past version only if they are cleared for the marking it had.
"""

import contextlib

import pghistory
from django.db.models import Q
from pghistory.models import Events

from . import rules


@contextlib.contextmanager
def marking_change(*, actor, record_organisation, old: str, new: str, reason: str = ""):
    """Apply the rule on changing a marking (`rules.check_marking_change`); when the
    marking is lowered, the changes made inside this block carry in their history who
    lowered it, from what, to what, and why."""
    if not rules.check_marking_change(
        actor, record_organisation=record_organisation, old=old, new=new, reason=reason
    ):
        yield
        return
    lowered = {"by": actor.pk, "from": old, "to": new, "reason": reason.strip()}
    with pghistory.context(user=actor.pk, marking_lowered=lowered):
        yield


def events_visible_to(user, events):
    """The history events `user` is cleared to read: a version is shown only if the
    reader's clearance reaches its marking, and a change only if it also reaches the
    marking of the version it changed (its "before" side)."""
    allowed = rules.markings_within_clearance(user.clearance)
    unmarked = ~Q(pgh_data__has_key="marking")
    return events.filter(
        unmarked
        | (
            Q(pgh_data__marking__in=allowed)
            & (
                Q(pgh_diff__isnull=True)
                | ~Q(pgh_diff__has_key="marking")
                | Q(pgh_diff__marking__0__in=allowed)
            )
        )
    )


def record_history(*, user, record):
    """Every change to `record` that `user` may read, the newest first. The one place a
    record's history is read for a person: pages and the API go through it."""
    return events_visible_to(user, Events.objects.tracks(record)).order_by(
        "-pgh_created_at", "-pgh_id"
    )
