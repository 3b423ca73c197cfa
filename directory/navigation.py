from django.urls import reverse


def items(user) -> list[tuple[str, str]]:
    return [("Directory", reverse("directory:organisations"))]
