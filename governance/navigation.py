from django.urls import reverse


def items(user) -> list[tuple[str, str]]:
    return [("Governance", reverse("governance:index"))]
