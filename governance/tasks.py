"""The governance cycle's jobs, run by Celery beat (schedules in governance/reference.py,
editable in the admin). Each is thin: it calls one service, which is safe to run twice
or twice at once."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from . import services
from .models import DbmPack

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def plan_meetings() -> int:
    """Plan every group's meetings from its cadence, a planning horizon ahead."""
    return services.meetings_plan(until=services.planning_horizon(timezone.localdate()))


@shared_task(**RETRY)
def carry_overdue_actions() -> int:
    return services.actions_carry_overdue()


@shared_task(**RETRY)
def put_products_due_for_review() -> int:
    return services.products_review_due()


@shared_task(**RETRY)
def build_dbm_pack() -> int:
    """Build the morning pack; once it commits, its PDFs are rendered (`render_dbm_pack`)."""
    return services.dbm_pack_build().pk


@shared_task(**RETRY)
def render_dbm_pack(pack_id: int) -> int:
    """Render and store the pack's PDF for each scope of its readers."""
    return services.dbm_pack_render(DbmPack.objects.get(pk=pack_id))


@shared_task(**RETRY)
def send_action_reminders() -> int:
    return services.action_reminders_send()
