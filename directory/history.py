"""The change history of marked records (issue 9 §2).

pghistory keeps every version of a tracked record, each with the marking it had then.
Two things here keep markings from slipping through that history: a lowered marking is
written into the change itself (who, from what, to what, why), and a reader is shown a
past version only if they are cleared for the marking it had.
"""

import contextlib

import pghistory
from django.db.models import Q, TextField
from django.db.models.functions import Cast
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


def events_visible_to(user, events, *, with_changes: bool = True):
    """The history events `user` is cleared to read: a version is shown only if the
    reader's clearance reaches its marking. Where the change is shown too (a diff holds
    the version before), the reader's clearance must also reach the marking of the
    version it changed; `with_changes=False` is for pages that show versions only."""
    allowed = rules.markings_visible_to(user)
    version = ~Q(pgh_data__has_key="marking") | Q(pgh_data__marking__in=allowed)
    if not with_changes:
        return events.filter(version)
    before = (
        Q(pgh_diff__isnull=True)
        | ~Q(pgh_diff__has_key="marking")
        | Q(pgh_diff__marking__0__in=allowed)
    )
    return events.filter(version & (~Q(pgh_data__has_key="marking") | before))


def events_of_visible_records(user, events):
    """The history events of records `user` may see now, through `restrict`, like every
    other page (issue 9 §1): for lists of history across records, such as the admin
    site's. Models without a scope are the directory's reference data, open to all."""
    from pghistory import core

    visible = Q(pk__in=[])
    for event_model in core.event_models():
        tracked = event_model.pgh_tracked_model
        restrict = getattr(tracked.objects, "restrict", None)
        of_model = Q(pgh_obj_model=tracked._meta.label)
        if restrict is None:
            visible |= of_model
            continue
        pks = restrict(user, "view").annotate(pk_text=Cast("pk", TextField())).values("pk_text")
        visible |= of_model & Q(pgh_obj_id__in=pks)
    return events.filter(visible)


def record_history(*, user, record):
    """Every change to `record` that `user` may read, the newest first. The one place a
    record's history is read for a person: pages and the API go through it."""
    return events_visible_to(user, Events.objects.tracks(record)).order_by(
        "-pgh_created_at", "-pgh_id"
    )
