from django.db import models


class DirectionKind(models.TextChoices):
    """The two forms of statutory direction (PCC §20)."""

    DIRECTED_TASKING = "directed_tasking", "Directed tasking"
    DIRECTION_TO_ASSIST = "direction_to_assist", "Direction to assist"


class VoluntaryGround(models.TextChoices):
    """Why a direction, the last resort, is given: satisfactory voluntary arrangements
    could not be made, or not in time (OP §9, PCC §6)."""

    REFUSED = "refused", "The voluntary request was refused"
    NOT_IN_TIME = "not_in_time", "Voluntary arrangements could not be made in time"
    NO_TIME_TO_ASK = "no_time_to_ask", "There was no time to ask"


class DirectionAction(models.TextChoices):
    """An issued direction is never edited: a variation or a revocation is a new record
    linked to the direction it changes."""

    ISSUE = "issue", "Issued"
    VARIATION = "variation", "Varied"
    REVOCATION = "revocation", "Revoked"


class SourceEvaluation(models.TextChoices):
    """The 3 of the 3x5x2 intelligence grading: how reliable the source is."""

    RELIABLE = "1", "1 — Reliable"
    UNTESTED = "2", "2 — Untested"
    NOT_RELIABLE = "3", "3 — Not reliable"


class IntelligenceAssessment(models.TextChoices):
    """The 5 of the 3x5x2 grading: how the source came to know the information."""

    KNOWN_DIRECTLY = "A", "A — Known directly to the source"
    KNOWN_INDIRECTLY_CORROBORATED = "B", "B — Known indirectly to the source but corroborated"
    KNOWN_INDIRECTLY = "C", "C — Known indirectly to the source"
    NOT_KNOWN = "D", "D — Not known"
    SUSPECTED_FALSE = "E", "E — Suspected to be false"


class HandlingCode(models.TextChoices):
    """The 2 of the 3x5x2 grading: whether it may be shared on, and how."""

    PERMITTED = "P", "P — Lawful sharing permitted"
    CONDITIONS = "C", "C — Lawful sharing permitted with conditions"


class Audience(models.TextChoices):
    """Who a key intelligence report is circulated to (PCC §19)."""

    ALL_PCC_BODIES = "all", "Every PCC governing body"
    REGION = "region", "The governing bodies of one region"
    CHOSEN = "chosen", "Chosen governing bodies"


class InformationRequestStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    UNDER_CONSIDERATION = "under_consideration", "Under consideration"
    ANSWERED = "answered", "Answered"
    ANSWERED_IN_PART = "answered_in_part", "Answered in part"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_REQUEST_STATUSES = (
    InformationRequestStatus.SUBMITTED,
    InformationRequestStatus.UNDER_CONSIDERATION,
)


class InformationRequestOutcome(models.TextChoices):
    """How the NCA answers a PCC's request, case by case (PCC §19)."""

    ANSWERED = "answered", "Answer"
    ANSWERED_IN_PART = "answered_in_part", "Answer in part"
    DECLINED = "declined", "Decline"


class EventKind(models.TextChoices):
    ENGAGEMENT_DAY = "engagement_day", "Annual NCA engagement day"
    REGIONAL_MEETING = "regional_meeting", "Regional meeting with PCCs and chief officers"


class InviteeCapacity(models.TextChoices):
    """Who the engagement day invites (PCC §17) and who a regional meeting brings
    together (PCC §18)."""

    PCC_BODY = "pcc_body", "PCC governing body"
    NATIONAL_POLICING_LEAD = "national_policing_lead", "National Policing lead"
    ROCU_HEAD = "rocu_head", "Head of a ROCU"
    CHIEF_OFFICER = "chief_officer", "Chief officer of a force"


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    ATTENDED = "attended", "Attended"
    ABSENT = "absent", "Did not attend"


class MeetingRequestStatus(models.TextChoices):
    """A PCC office's request that the NCA attend a meeting (PCC §18)."""

    REQUESTED = "requested", "Waiting for the NCA's answer"
    ACCEPTED = "accepted", "Accepted: the NCA will attend"
    DECLINED = "declined", "Declined"
    ATTENDED = "attended", "The NCA attended"
    NOT_ATTENDED = "not_attended", "The NCA did not attend"


class MeetingRequestAnswer(models.TextChoices):
    ACCEPT = "accept", "Accept: the NCA will attend"
    DECLINE = "decline", "Decline, with the reason"
