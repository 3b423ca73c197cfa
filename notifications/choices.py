from django.db import models


class Kind(models.TextChoices):
    """What a notification is about; each person chooses how each kind reaches them."""

    REQUEST_ARRIVED = "request_arrived", "A request arrives for your organisation"
    REQUEST_ARRIVED_URGENT = "request_arrived_urgent", "An urgent request arrives"
    REQUEST_ASSESSED = "request_assessed", "Your request is assessed"
    REQUEST_DECIDED = "request_decided", "Your request is decided"
    REQUEST_ANSWERED = "request_answered", "Your request is answered"
    REQUEST_CHARGED = "request_charged", "Your request is charged"
    CHARGE_TO_APPROVE = "charge_to_approve", "A charge waits for a director's approval"
    CHARGE_AGREED = "charge_agreed", "A charge is agreed with a force you govern"
    DECONFLICTION_OVERLAP = "deconfliction_overlap", "Deconfliction finds an overlap"
    OUTSIDE_PRIORITIES = (
        "outside_priorities",
        "An operation outside the NCA's priorities awaits the Director General's decision",
    )
    PCC_NOTICE = "pcc_notice", "Notice of a direction"
    PCC_NOTICE_OVERDUE = "pcc_notice_overdue", "A PCC notice not acknowledged in time"
    ACTION_GIVEN = "action_given", "A governance action is given to you"
    ACTION_DUE = "action_due", "A governance action of yours falls due"
    MINUTES_CIRCULATED = "minutes_circulated", "Minutes of a meeting you attended"
    RFI_ANSWERED = "rfi_answered", "Your request for information is answered"
    REPORT_CIRCULATED = "report_circulated", "A key intelligence report is circulated"
    MEETING_REQUESTED = "meeting_requested", "A PCC office asks the NCA to attend a meeting"
    MEETING_REQUEST_ANSWERED = "meeting_request_answered", "Your request for a meeting is answered"
    CLEARANCE_REVIEW = "clearance_review", "A clearance review falls due"
    COMMITMENT_AT_RISK = "commitment_at_risk", "A commitment you answer for is due soon or missed"


class Delivery(models.TextChoices):
    """How a kind of notification reaches a person besides the portal."""

    AT_ONCE = "at_once", "By e-mail at once"
    DAILY_DIGEST = "daily_digest", "In a daily e-mail digest"
    PORTAL_ONLY = "portal_only", "In the portal only"
