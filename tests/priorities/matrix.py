"""The priorities' endpoints, for every persona (tests/test_authorization.py): the NCA's
priorities are published to every partner (PCC Annex A ¶2), so everyone signed in reads
them. Record: the first priority in force today."""

from django.utils import timezone

from priorities.models import Priority
from tests.authorization import api


def records(people):
    return {"priority": Priority.objects.in_force(timezone.localdate()).first().pk}


MATRIX = {
    "priority-list": [api("/api/priorities/"), api("/api/priorities/?kind=operational")],
    "priority-detail": [api("/api/priorities/{priority}/")],
}
