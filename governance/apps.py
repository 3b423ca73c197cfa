from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """The national and regional tasking and coordination groups and their cycle
    (OP Annex C; PCC Annex B)."""

    name = "governance"
