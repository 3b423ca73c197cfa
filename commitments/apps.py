from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    """The time-bound commitments of the two documents, live: each with its status, the
    date it falls due and the records that show it (issue 13 §3)."""

    name = "commitments"
