"""Loads the NCA's priorities from `priorities/reference/priorities.yaml` (PCC Annex A).
Idempotent: a version is matched by its code and number; loading twice, or after an
edit, duplicates nothing, and each change is kept by django-pghistory."""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from directory.reference import Tally, as_date, upsert

from .choices import PriorityKind, ThreatArea
from .models import Priority

DATA = Path(__file__).with_name("reference") / "priorities.yaml"
KEYS = {
    "code", "version", "kind", "title", "description", "threat_areas", "set_by", "source",
    "from", "to",
}  # fmt: skip


def _values(entry: dict, position: int) -> dict:
    where = f"priority {entry.get('code', position)}"
    unknown = set(entry) - KEYS
    if unknown:
        raise ValidationError(f"{where}: unknown keys {sorted(unknown)}.")
    if entry["kind"] not in PriorityKind.values:
        raise ValidationError(f"{where}: “{entry['kind']}” is not a kind of priority.")
    for area in entry.get("threat_areas", []):
        if area not in ThreatArea.values:
            raise ValidationError(f"{where}: “{area}” is not a threat area.")
    if not entry.get("source"):
        raise ValidationError(f"{where}: say where the documents state it (source).")
    return {
        "kind": entry["kind"],
        "title": entry["title"],
        "description": entry.get("description", ""),
        "threat_areas": list(entry.get("threat_areas", [])),
        "set_by": entry["set_by"],
        "source": entry["source"],
        "position": position,
        "starts_on": as_date(entry["from"], where),
        "ends_on": as_date(entry.get("to"), where),
    }


@transaction.atomic
def load(path: Path = DATA) -> dict[str, Tally]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tally = Tally()
    for position, entry in enumerate(data["priorities"]):
        _, created, changed = upsert(
            Priority,
            {"code": entry["code"], "version": entry["version"]},
            _values(entry, position),
        )
        tally.count(created, changed)
    return {"priorities": tally}
