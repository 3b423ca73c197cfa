"""Deconfliction: which active targets and operations of other organisations have names
close to a given name (OP Annex A: the NCA provides deconfliction services).

Names are compared normalised for case and accents and without the generic words the
desk lists (rules.matching_name, GenericWord), by trigram similarity in PostgreSQL
(pg_trgm, GIN-indexed on the stored `matching` names); matches show the full names."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction

from .models import GenericWord, Operation, TargetName
from .rules import matching_name

# How alike two normalised names must be (pg_trgm similarity, 0 to 1) to be worth a
# conversation between their owners.
SIMILARITY_THRESHOLD = 0.5
MAX_MATCHES_PER_NAME = 20
# The closest this many records, whatever the number of names checked: each becomes an
# alert to write, so one check's cost is bounded (issue 9 §4).
MAX_MATCHES = 100


@dataclass(frozen=True)
class Match:
    name: str  # the name that matched, as its owner wrote it
    searched: str  # the name searched for
    similarity: float
    organisation_id: int  # the owner of the matched record
    marking: str
    target_id: int | None = None
    operation_id: int | None = None

    @property
    def record(self):
        return ("target", self.target_id) if self.target_id else ("operation", self.operation_id)


def generic_words() -> frozenset[str]:
    return frozenset(GenericWord.objects.values_list("word", flat=True))


def find_matches(names, *, exclude_target_ids=(), exclude_operation_ids=()) -> list[Match]:
    """The active targets and operations whose name or alias is like one of `names`,
    the closest first, at most one match per record and MAX_MATCHES in all. Callers
    check at most rules.MAX_NAMES_PER_CHECK names (a target's name and MAX_ALIASES)."""
    best: dict[tuple, Match] = {}
    generic = generic_words()
    with transaction.atomic(), connection.cursor() as cursor:
        # SET LOCAL keeps the threshold to this transaction; `%` then uses the index.
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [SIMILARITY_THRESHOLD])
        for searched in dict.fromkeys(name for name in names if name and name.strip()):
            wanted = matching_name(searched, generic)
            if not wanted:
                continue
            for match in _target_matches(searched, wanted, exclude_target_ids):
                _keep_best(best, match)
            for match in _operation_matches(searched, wanted, exclude_operation_ids):
                _keep_best(best, match)
    return sorted(best.values(), key=lambda match: -match.similarity)[:MAX_MATCHES]


def _keep_best(best, match: Match) -> None:
    current = best.get(match.record)
    if current is None or match.similarity > current.similarity:
        best[match.record] = match


def _target_matches(searched, wanted, exclude_target_ids):
    rows = (
        TargetName.objects.filter(matching__trigram_similar=wanted, target__active=True)
        .exclude(target_id__in=exclude_target_ids)
        .annotate(similarity=TrigramSimilarity("matching", wanted))
        .order_by("-similarity")
        .values_list(
            "name",
            "similarity",
            "target_id",
            "target__responsible_organisation_id",
            "target__marking",
        )[:MAX_MATCHES_PER_NAME]
    )
    for name, similarity, target_id, organisation_id, marking in rows:
        yield Match(name, searched, similarity, organisation_id, marking, target_id=target_id)


def _operation_matches(searched, wanted, exclude_operation_ids):
    rows = (
        Operation.objects.filter(matching__trigram_similar=wanted, active=True)
        .exclude(pk__in=exclude_operation_ids)
        .annotate(similarity=TrigramSimilarity("matching", wanted))
        .order_by("-similarity")
        .values_list("name", "similarity", "pk", "lead_organisation_id", "marking")[
            :MAX_MATCHES_PER_NAME
        ]
    )
    for name, similarity, operation_id, organisation_id, marking in rows:
        yield Match(name, searched, similarity, organisation_id, marking, operation_id=operation_id)


REMATCH_BATCH = 2_000


def names_rematch(words) -> int:
    """Match again the stored names holding any of `words` (added to or removed from
    the generic words), REMATCH_BATCH names at a time, each batch committed on its own
    and matched against the list as it stands then; returns how many changed. Safe to
    repeat: a name already matched against the list is left as it is."""
    words = [word for word in words if word]
    if not words:
        return 0
    holding = r"\m(" + "|".join(re.escape(word) for word in words) + r")\M"
    changed = 0
    for model in (TargetName, Operation):
        ids = list(
            model.objects.filter(normalised__regex=holding)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), REMATCH_BATCH):
            changed += _rematch_batch(model, ids[start : start + REMATCH_BATCH])
    return changed


@transaction.atomic
def _rematch_batch(model, ids) -> int:
    """The names `ids`, locked while they are matched, so that a name renamed meanwhile
    keeps the matching of its new name."""
    generic = generic_words()
    rows = (
        model.objects.select_for_update().filter(pk__in=ids).values_list("pk", "name", "matching")
    )
    batch = [
        (pk, matching)
        for pk, name, stored in rows
        if (matching := matching_name(name, generic)) != stored
    ]
    return _store_matching(model, batch)


def _store_matching(model, batch) -> int:
    """One UPDATE for a batch of (id, matching): bulk_update's CASE per row grows with
    the batch; a join with the values does not."""
    if not batch:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    values = ", ".join(["(%s, %s)"] * len(batch))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET matching = v.matching FROM (VALUES {values}) "  # noqa: S608
            "AS v(id, matching) WHERE t.id = v.id",
            [value for row in batch for value in row],
        )
        return cursor.rowcount
