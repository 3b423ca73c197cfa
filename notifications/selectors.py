"""Every read of the notification centre for a person: their own notifications only
(Notification.access_scope), through the one permission entry point."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from . import rules
from .choices import Kind
from .models import Notification, Preference


def notification_list(*, user, unread: bool = False):
    """The person's own notifications, newest first; only the unread ones if asked."""
    notifications = Notification.objects.restrict(user, "view")
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


def unread_count(*, user) -> int:
    return notification_list(user=user, unread=True).count()


def with_unread_count(people):
    """`people` (users), each with `unread_notifications`: counted in the query that loads
    them, so that the count in every page's header costs no query of its own."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return people.annotate(unread_notifications=Coalesce(Subquery(unread), 0))


def preferences_of(*, user) -> dict[str, str]:
    """How each kind reaches the person: their choice, or the default. A statutory
    notice is always e-mailed at once, whatever is stored."""
    chosen = dict(Preference.objects.filter(person=user).values_list("kind", "delivery"))
    return {kind: rules.delivery_for(kind, chosen.get(kind)) for kind in Kind.values}


def choosable_kinds() -> list[tuple[str, str]]:
    """The kinds a person may choose for: every kind but the statutory notices."""
    return [(kind, label) for kind, label in Kind.choices if not rules.is_statutory(kind)]
