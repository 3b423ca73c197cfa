"""Loads the capability catalogue, crime types, response standards, the starting list
of generic words and the Key Performance Questions from `tasking/reference/tasking.yaml`,
and Celery beat's schedule for matching names again after the words change. Idempotent:
matched by code or name (a question by its number and the day its wording applies); the
admin may change the schedule."""

import datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from directory.models import Organisation
from directory.reference import Tally, as_date, upsert
from priorities.choices import ThreatArea

from .choices import CapabilityCategory, ResultKind, Urgency
from .deconfliction import names_rematch
from .models import Capability, CrimeType, GenericWord, PerformanceQuestion, ResponseStandard
from .rules import check_generic_word

DATA = Path(__file__).with_name("reference") / "tasking.yaml"


@transaction.atomic
def load(path: Path = DATA) -> dict[str, Tally]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tallies = {
        "capabilities": Tally(),
        "crime types": Tally(),
        "response standards": Tally(),
        "generic words": Tally(),
        "performance questions": Tally(),
        "schedules": Tally(),
    }
    commands = {o.name: o for o in Organisation.objects.filter(kind__in=["nca", "nca_command"])}
    for entry in data["capabilities"]:
        if entry["category"] not in CapabilityCategory.values:
            raise ValidationError(f"{entry['name']}: “{entry['category']}” is not a category.")
        if entry["command"] not in commands:
            raise ValidationError(f"{entry['name']}: no NCA command named “{entry['command']}”.")
        _, created, changed = upsert(
            Capability,
            {"code": entry["code"]},
            {
                "name": entry["name"],
                "category": entry["category"],
                "owning_command": commands[entry["command"]],
                "description": entry["description"],
            },
        )
        tallies["capabilities"].count(created, changed)
    for entry in data["crime_types"]:
        if entry["threat_area"] not in ThreatArea.values:
            raise ValidationError(
                f"{entry['name']}: “{entry['threat_area']}” is not a threat area."
            )
        _, created, changed = upsert(
            CrimeType,
            {"code": entry["code"]},
            {"name": entry["name"], "threat_area": entry["threat_area"]},
        )
        tallies["crime types"].count(created, changed)
    for urgency, within in data["response_standards"].items():
        if urgency not in Urgency.values:
            raise ValidationError(f"“{urgency}” is not an urgency.")
        _, created = ResponseStandard.objects.get_or_create(
            urgency=urgency, defaults={"respond_within": datetime.timedelta(**within)}
        )
        tallies["response standards"].count(created, changed=False)
    # The starting list only: once the desk keeps the list, a word it removed stays removed.
    if not GenericWord.objects.exists():
        words = list(dict.fromkeys(check_generic_word(word) for word in data["generic_words"]))
        GenericWord.objects.bulk_create(GenericWord(word=word) for word in words)
        names_rematch(words)
        tallies["generic words"].created = len(words)
    else:
        tallies["generic words"].unchanged = GenericWord.objects.count()
    for entry in data["performance_questions"]:
        where = f"performance question {entry['number']}"
        for kind in entry["result_kinds"]:
            if kind not in ResultKind.values:
                raise ValidationError(f"{where}: “{kind}” is not a kind of result.")
        starts_on = as_date(entry["from"], where)
        _, created, changed = upsert(
            PerformanceQuestion,
            {"number": entry["number"], "starts_on": starts_on},
            {
                "wording": entry["wording"],
                "result_kinds": entry["result_kinds"],
                "ends_on": as_date(entry.get("to"), where),
            },
        )
        tallies["performance questions"].count(created, changed)
    _load_schedules(tallies["schedules"])
    return tallies


def _load_schedules(tally: Tally) -> None:
    every_five_minutes, _ = CrontabSchedule.objects.get_or_create(
        minute="*/5", hour="*", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London",
    )  # fmt: skip
    _, created = PeriodicTask.objects.get_or_create(
        name="Match names again after the generic words change",
        defaults={"task": "tasking.tasks.rematch_pending_names", "crontab": every_five_minutes},
    )
    tally.count(created, changed=False)
