from django.db import models


class GroupCode(models.TextChoices):
    """The groups of the national and regional tasking and coordination structure
    (OP Annex C; PCC Annex B). Regional groups share a code and differ by region."""

    NSTCG = "NSTCG", "National Strategic Tasking and Coordination Group"
    NSIG = "NSIG", "National Strategic Intelligence Group"
    NTTCG = "NTTCG", "National Tactical Tasking and Coordination Group"
    NTIG = "NTIG", "National Tactical Intelligence Group"
    RSTCG = "RSTCG", "Regional Strategic Tasking and Coordination Group"
    RTTCG = "RTTCG", "Regional Tactical Tasking and Coordination Group"
    RTIG = "RTIG", "Regional Tactical Intelligence Group"
    DBM = "DBM", "National Daily Briefing Meeting"
    DMM = "DMM", "Daily Management Meeting"
    SGG = "SGG", "Strategic Governance Group"
    TG = "TG", "Threat Group"


class GroupLevel(models.TextChoices):
    NATIONAL_STRATEGIC = "national_strategic", "National strategic"
    NATIONAL_TACTICAL = "national_tactical", "National tactical"
    NATIONAL_DAILY = "national_daily", "National daily"
    REGIONAL_STRATEGIC = "regional_strategic", "Regional strategic"
    REGIONAL_TACTICAL = "regional_tactical", "Regional tactical"
    REGIONAL_DAILY = "regional_daily", "Regional daily"


NATIONAL_LEVELS = (
    GroupLevel.NATIONAL_STRATEGIC,
    GroupLevel.NATIONAL_TACTICAL,
    GroupLevel.NATIONAL_DAILY,
)


class ChairFrom(models.TextChoices):
    """Where a group's chair comes from (OP Annex C ¶1-3), with `chair_roles`."""

    ANYONE = "", "Not stated in the documents"
    NCA = "nca", "The NCA"
    ORGANISATION = "organisation", "The organisation named"
    REGION_FORCE = "region_force", "A police force of the group's region"


class CadenceUnit(models.TextChoices):
    DAY = "day", "day"
    WEEK = "week", "week"
    MONTH = "month", "month"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CIRCULATED = "circulated", "Circulated to attendees"
    APPROVED = "approved", "Approved"


class FlowKind(models.TextChoices):
    """What one group sends to another (OP Annex C)."""

    RECOMMENDATION = "recommendation", "Prioritised recommendation for approval"
    REPORT = "report", "Report"
    ACTIVITY = "activity", "Activity update"
    PRODUCT = "product", "Strategic product"


# The kinds a group records at its meetings; products travel through their versions.
SUBMISSION_KINDS = [
    (FlowKind.RECOMMENDATION.value, FlowKind.RECOMMENDATION.label),
    (FlowKind.REPORT.value, FlowKind.REPORT.label),
    (FlowKind.ACTIVITY.value, FlowKind.ACTIVITY.label),
]


class SubmissionStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting the receiving group"
    APPROVED = "approved", "Approved"
    NOT_APPROVED = "not_approved", "Not approved"
    NOTED = "noted", "Noted"


class AgendaItemKind(models.TextChoices):
    ITEM = "item", "Item"
    RECOMMENDATION = "recommendation", "Recommendation for approval"
    REPORT = "report", "Report"
    ACTIVITY = "activity", "Activity update"
    FOR_PREPARATION = "for_preparation", "Product to develop"
    FOR_ENDORSEMENT = "for_endorsement", "Product for endorsement"
    FOR_INFORMATION = "for_information", "Product for information"
    PRODUCT_REVIEW = "product_review", "Product due for review"
    OVERDUE_ACTION = "overdue_action", "Overdue action"


class AgendaItemStatus(models.TextChoices):
    OPEN = "open", "To be taken"
    TAKEN = "taken", "Taken"


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    NOT_APPROVED = "not_approved", "Not approved"
    NOTED = "noted", "Noted"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class ProductKind(models.TextChoices):
    """The strategic products of the tasking and coordination structure (OP Annex C)."""

    NSA = "nsa", "National Strategic Assessment"
    NCS = "ncs", "National Control Strategy"
    NIR = "nir", "National Intelligence Requirement"
    RSA = "rsa", "Regional Strategic Assessment"
    RCS = "rcs", "Regional Control Strategy"
    RCA = "rca", "Regional Capability Assessment"
    NTA = "nta", "National Tactical Assessment"
    RTA = "rta", "Regional Tactical Assessment"
    HRS = "hrs", "Harm Reduction Strategy"
    SAP = "sap", "Strategic Action Plan"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ENDORSED = "endorsed", "Endorsed"
    SUPERSEDED = "superseded", "Superseded"


class PackKind(models.TextChoices):
    MORNING = "morning", "Built each morning"
    ON_DEMAND = "on_demand", "Built on demand"


class PackSection(models.TextChoices):
    """The parts of a DBM pack, in the order it reads (OP Annex C ¶3)."""

    DEMANDS = "demands", "Urgent operational and intelligence demands"
    EVENTS = "events", "Significant events, the 24 hours before the meeting"
    PLANS = "plans", "Operational plans, the 72 hours from the meeting"


# What NCA staff and regional DMMs may log into the activity feed for the DBM
# (OP Annex C ¶3): values of activity.choices.EntryKind.
LOGGABLE_ENTRY_KINDS = [
    ("significant_event", "Significant event"),
    ("planned_operation", "Planned operational activity"),
    ("operational_demand", "Operational demand"),
    ("intelligence_demand", "Intelligence demand"),
]
