from django.db import models


class TargetKind(models.TextChoices):
    GROUP = "group", "Organised crime group"
    INDIVIDUAL = "individual", "Individual"
    VULNERABILITY = "vulnerability", "Vulnerability"


class Priority(models.TextChoices):
    HIGH_PRIORITY = "high_priority", "High Priority"
    PRIORITY = "priority", "Priority"
    NONE = "none", "Not prioritised"


class Sophistication(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class Urgency(models.TextChoices):
    """Ordered from most to least pressing."""

    IMMEDIATE = "immediate", "Immediate"
    URGENT = "urgent", "Urgent"
    ROUTINE = "routine", "Routine"


class RequestDirection(models.TextChoices):
    TO_NCA = "to_nca", "Partner to NCA"
    FROM_NCA = "from_nca", "NCA to partner"


class RequestStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_ASSESSMENT = "under_assessment", "Under assessment"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.UNDER_ASSESSMENT)
UNDECIDED_STATUSES = (RequestStatus.DRAFT, *OPEN_STATUSES)


class NcaRole(models.TextChoices):
    """How the NCA acts on a piece of activity (OP §14, PCC §14)."""

    LEAD = "lead", "Lead"
    SUPPORT = "support", "Support"
    COORDINATE = "coordinate", "Coordinate"


class Outcome(models.TextChoices):
    """What a decision on a request or an operation records."""

    LEAD = "lead", "The NCA leads"
    SUPPORT = "support", "The NCA supports"
    COORDINATE = "coordinate", "The NCA coordinates"
    DECLINE = "decline", "Declined"


class CommitmentTest(models.TextChoices):
    """The four tests built on the NCA's commitment (OP §5)."""

    PRIORITY_TARGET = (
        "priority_target",
        "A Priority or High Priority OCG, individual or vulnerability",
    )
    SPECIALIST_CAPABILITY = (
        "specialist_capability",
        "Needs specialist national capability not easily available (or affordable) to partners",
    )
    URGENT_ACTION = "urgent_action", "An immediate need for urgent action"
    BEYOND_PARTNER_CAPABILITY = (
        "beyond_partner_capability",
        "The activity is beyond the capability of partners",
    )


class DeconflictionStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class CapabilityCategory(models.TextChoices):
    """The groups of NCA operational capabilities partners may draw on (OP Annex E)."""

    INVESTIGATIONS = "investigations", "Investigations"
    INTELLIGENCE_AND_TASKING = "intelligence_and_tasking", "Intelligence and tasking"
    SPECIALIST_CAPABILITIES = "specialist_capabilities", "Specialist capabilities"
    SPECIALIST_ADVICE = "specialist_advice", "Specialist advice"
    CIVIL_RECOVERY_AND_TAX = "civil_recovery_and_tax", "Civil recovery and tax"
    TECHNICAL_COLLECTION = "technical_collection", "Technical collection"
    INTERNATIONAL = "international", "International"
    CYBER = "cyber", "National Cyber Crime Unit"
    CHILD_PROTECTION = "child_protection", "CEOP"
    CONTROL_AND_TASKING = "control_and_tasking", "Control centre and national tasking"


class ResultKind(models.TextChoices):
    """What an operation delivered (PCC §9: criminal justice outcomes, asset denial,
    prevention and other disruption activity)."""

    ARREST = "arrest", "Arrests"
    CHARGE = "charge", "Charges"
    CONVICTION = "conviction", "Convictions"
    ASSETS_SEIZED = "assets_seized", "Assets seized"
    ASSETS_RESTRAINED = "assets_restrained", "Assets restrained"
    PREVENTION = "prevention", "Prevention"
    DISRUPTION = "disruption", "Other disruption"


# Which figure each kind of result carries (tasking/rules.py check_result_figures).
PEOPLE_RESULTS = (ResultKind.ARREST, ResultKind.CHARGE, ResultKind.CONVICTION)
ASSET_RESULTS = (ResultKind.ASSETS_SEIZED, ResultKind.ASSETS_RESTRAINED)
GRADED_RESULTS = (ResultKind.PREVENTION, ResultKind.DISRUPTION)


class Significance(models.TextChoices):
    """How much a prevention or disruption set a group back."""

    MAJOR = "major", "Major"
    MODERATE = "moderate", "Moderate"
    MINOR = "minor", "Minor"
