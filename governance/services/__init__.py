"""Every write of the governance cycle: `<entity>_<action>(*, actor, ...)`, atomic, with
its side effects (signals, e-mail) only after the transaction commits.

The cycle's own jobs (planning, reminders, overdue actions, product reviews, the
morning DBM pack) are here too; Celery beat runs them through `governance/tasks.py`, and
each is safe to run twice, or twice at once.
"""

from .actions import action_create, action_reminders_send, action_update, actions_carry_overdue
from .calendar import calendar_token_issue, calendar_token_revoke, calendar_token_used
from .dbm import activity_log, dbm_pack_build, dbm_pack_pdf, dbm_pack_render
from .groups import group_set_chair, membership_add, membership_remove
from .meetings import (
    agenda_item_add,
    attendance_record,
    decision_record,
    meeting_cancel,
    meeting_set_chair,
    paper_add,
    submission_record,
)
from .minutes import minutes_approve, minutes_circulate, minutes_save
from .planning import cadence_update, meetings_plan, next_meeting, planning_horizon
from .products import (
    product_version_create,
    product_version_endorse,
    product_version_prepare,
    products_review_due,
)

__all__ = [
    "action_create",
    "action_reminders_send",
    "action_update",
    "actions_carry_overdue",
    "activity_log",
    "agenda_item_add",
    "attendance_record",
    "cadence_update",
    "calendar_token_issue",
    "calendar_token_revoke",
    "calendar_token_used",
    "dbm_pack_build",
    "dbm_pack_pdf",
    "dbm_pack_render",
    "decision_record",
    "group_set_chair",
    "meeting_cancel",
    "meeting_set_chair",
    "meetings_plan",
    "membership_add",
    "membership_remove",
    "minutes_approve",
    "minutes_circulate",
    "minutes_save",
    "next_meeting",
    "paper_add",
    "planning_horizon",
    "product_version_create",
    "product_version_endorse",
    "product_version_prepare",
    "products_review_due",
    "submission_record",
]
