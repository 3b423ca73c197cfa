"""What engagement does when other apps send signals (activity/signals.py)."""

import logging

from django.dispatch import receiver

from activity.signals import strategic_product_endorsed

from . import services

logger = logging.getLogger(__name__)


@receiver(strategic_product_endorsed, dispatch_uid="engagement.schedule_engagement_day")
def schedule_engagement_day(
    sender, product_kind=None, group_code=None, version_id=None, version="", endorsed_on=None,
    actor=None, **kwargs,
):  # fmt: skip
    """The NSTCG's endorsement of the National Strategic Assessment sets off the annual
    engagement day that briefs PCCs on it (PCC §17)."""
    if (product_kind or "").lower() != "nsa" or (group_code or "").upper() != "NSTCG":
        return
    try:
        event, created = services.engagement_day_schedule(
            version_id=version_id, version=str(version or ""), endorsed_on=endorsed_on, actor=actor
        )
    except Exception:
        # The endorsement has committed already; failing the sender would not undo it.
        logger.exception("Could not schedule the engagement day for NSA version %s.", version_id)
        return
    if created:
        logger.info("Engagement day %s scheduled for NSA version %s.", event.pk, version_id)
