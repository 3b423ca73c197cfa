"""Who may read the NCA's priorities: every signed-in person, as they are published to
every partner (PCC Annex A ¶2)."""

from priorities.models import Priority
from tests.authorization import api


def records(people):
    return {"priority": Priority.objects.get(code="pursue-soc", version=1).pk}


MATRIX = {
    "priority-list": [api("/api/priorities/"), api("/api/priorities/?on=2016-01-01")],
    "priority-detail": [api("/api/priorities/{priority}/")],
}
