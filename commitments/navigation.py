from django.urls import reverse


def items(user) -> list[tuple[str, str]]:
    """Every signed-in person sees the commitments that concern them (issue 13 §3)."""
    return [("Commitments", reverse("commitments:index"))]
