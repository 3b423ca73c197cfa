"""Loads who may be directed (as dated rules), the engagement day's standing invitees,
the engagement settings and the schedule of notice escalation from
`engagement/reference/engagement.yaml`. Idempotent: matched by code and by name."""

import datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from directory.choices import OrganisationKind
from directory.models import Organisation
from directory.reference import Tally, upsert

from .choices import InviteeCapacity
from .models import DirectionEligibility, EngagementSettings, StandingInvitee

DATA = Path(__file__).with_name("reference") / "engagement.yaml"
RULE_KEYS = {
    "code", "addressee", "organisation_kind", "organisations", "legal_basis", "source",
    "effective_from", "effective_to", "requires_transport_secretary_consent",
    "pcc_notice_owed", "conditions",
}  # fmt: skip
LONDON = "Europe/London"


def _date(value, where: str) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"{where}: “{value}” is not a date (YYYY-MM-DD).") from None


@transaction.atomic
def load(path: Path = DATA) -> dict[str, Tally]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tallies = {
        "direction eligibility rules": Tally(),
        "standing invitees": Tally(),
        "settings": Tally(),
        "schedules": Tally(),
    }
    _load_rules(data["direction_eligibility"], tallies["direction eligibility rules"])
    for entry in data.get("standing_invitees", []):
        if entry["capacity"] not in InviteeCapacity.values:
            raise ValidationError(f"{entry['name']}: “{entry['capacity']}” is not a capacity.")
        _, created, changed = upsert(
            StandingInvitee,
            {"name": entry["name"]},
            {"capacity": entry["capacity"], "note": entry.get("note", "")},
        )
        tallies["standing invitees"].count(created, changed)
    _, created = EngagementSettings.objects.get_or_create(pk=1)
    tallies["settings"].count(created, changed=False)
    _load_schedules(tallies["schedules"])
    return tallies


def _load_rules(entries, tally: Tally) -> None:
    codes = set()
    for entry in entries:
        where = entry.get("code", "a direction eligibility rule")
        unknown = set(entry) - RULE_KEYS
        if unknown:
            raise ValidationError(f"{where}: unknown keys {sorted(unknown)}.")
        kind = entry.get("organisation_kind", "")
        if kind and kind not in OrganisationKind.values:
            raise ValidationError(f"{where}: “{kind}” is not a kind of organisation.")
        names = entry.get("organisations", [])
        organisations = list(Organisation.objects.filter(name__in=names))
        missing = set(names) - {o.name for o in organisations}
        if missing:
            raise ValidationError(f"{where}: no organisation named {sorted(missing)}.")
        if not kind and not organisations:
            raise ValidationError(f"{where}: name a kind of organisation or organisations.")
        rule, created, changed = upsert(
            DirectionEligibility,
            {"code": entry["code"]},
            {
                "addressee": entry["addressee"],
                "organisation_kind": kind,
                "legal_basis": entry["legal_basis"],
                "source": entry.get("source", ""),
                "effective_from": _date(entry["effective_from"], where),
                "effective_to": _date(entry.get("effective_to"), where),
                "requires_transport_secretary_consent": entry.get(
                    "requires_transport_secretary_consent", False
                ),
                "pcc_notice_owed": entry.get("pcc_notice_owed", False),
                "conditions": entry.get("conditions", ""),
            },
        )
        if {o.pk for o in rule.organisations.all()} != {o.pk for o in organisations}:
            rule.organisations.set(organisations)
            changed = True
        tally.count(created, changed)
        codes.add(rule.code)
    tally.problems += [
        f"Rule {code} is in the database but not in the reference data; left as it is."
        for code in DirectionEligibility.objects.exclude(code__in=codes).values_list(
            "code", flat=True
        )
    ]


def _load_schedules(tally: Tally) -> None:
    """Celery beat's schedule for escalating notices; the admin may change the time. The
    notices' e-mails are sent by the notification centre's sweeper."""
    every_morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone=LONDON,
    )  # fmt: skip
    _, created = PeriodicTask.objects.get_or_create(
        name="Escalate PCC notices not acknowledged in time",
        defaults={"task": "engagement.tasks.escalate_overdue_notices", "crontab": every_morning},
    )
    tally.count(created, changed=False)
