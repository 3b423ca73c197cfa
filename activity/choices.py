from django.db import models


class EntryKind(models.TextChoices):
    REQUEST = "request", "Tasking or assistance request"
    DECISION = "decision", "Lead, support or coordinate decision"
    DIRECTION = "direction", "Direction issued"
    SIGNIFICANT_EVENT = "significant_event", "Significant event"
    PLANNED_OPERATION = "planned_operation", "Planned operational activity"
    OPERATIONAL_DEMAND = "operational_demand", "Operational demand"
    INTELLIGENCE_DEMAND = "intelligence_demand", "Intelligence demand"
    GOVERNANCE = "governance", "Governance"
