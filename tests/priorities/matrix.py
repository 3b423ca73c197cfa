"""Who may read the priorities: every signed-in person (PCC Annex A ¶2, transparency
regarding NCA priorities); nobody writes them over the API."""

from priorities.models import Priority
from tests.authorization import api


def records(people):
    return {"priority": Priority.objects.get(code="pursue-soc").pk}


MATRIX = {
    "priority-list": [api("/api/priorities/"), api("/api/priorities/?on=2016-01-01")],
    "priority-detail": [api("/api/priorities/{priority}/")],
}
