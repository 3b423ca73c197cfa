from django.db import models


class ThreatArea(models.TextChoices):
    """The five main areas of the NCA's work (OP Annex B; PCC Annex A)."""

    ORGANISED_CRIME = "organised_crime", "Organised crime"
    CYBER = "cyber", "Cyber crime"
    ECONOMIC_CRIME = "economic_crime", "Economic crime"
    CHILD_SEXUAL_EXPLOITATION = "child_sexual_exploitation", "Child sexual exploitation and abuse"
    BORDERS = "borders", "Serious and organised crime at and crossing the border"


class PriorityKind(models.TextChoices):
    """Who sets a priority: the Home Secretary the strategic ones, the DG the operational
    ones (PCC §11; PCC Annex A ¶1, ¶3)."""

    STRATEGIC = "strategic", "Strategic priority"
    OPERATIONAL = "operational", "Operational priority"
