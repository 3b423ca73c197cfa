"""The Daily Briefing Meeting (OP Annex C ¶3): its packs, and what is logged for it."""

import datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from activity.models import ActivityEntry
from activity.services import activity_record
from directory.choices import NCA_KINDS
from directory.models import User
from directory.queueing import enqueue
from directory.rules import check_marking_within_clearance

from .. import documents, rules, selectors
from ..choices import LOGGABLE_ENTRY_KINDS, GroupCode, MeetingStatus, PackKind, PackSection
from ..models import DbmPack, DbmPackEntry, DbmPackPdf, Meeting, Membership
from .common import _now, _required

# How far ahead a pack looks for the DBM it serves; beyond it the pack stands alone.
DBM_SERVED_WITHIN = datetime.timedelta(days=7)


def _dbm_meeting_served(now: datetime.datetime) -> Meeting | None:
    """The DBM a pack built at `now` serves: the next one to start, not cancelled."""
    return (
        Meeting.objects.filter(
            group__code=GroupCode.DBM, starts_at__gte=now, starts_at__lt=now + DBM_SERVED_WITHIN
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .first()
    )


SECTION_ORDER = {section: n for n, section in enumerate(PackSection.values)}


def _store_entries(pack: DbmPack) -> int:
    """Store the feed of the pack's window as it stands, each entry in its section
    (`rules.dbm_section`): the pack is this record from now on and never changes."""
    start, end = rules.dbm_window(pack.anchor_at)
    feed = (
        ActivityEntry.objects.filter(occurs_at__gte=start, occurs_at__lt=end)
        .order_by("-urgent", "occurs_at", "id")
        .values_list(
            "id", "kind", "summary", "occurs_at", "urgent", "marking", "organisation_id",
            "region__name", "link", "source_type", "source_id",
            Coalesce(NullIf("organisation__short_name", Value("")), "organisation__name"),
        )
    )  # fmt: skip
    placed = []
    for row in feed:
        section = rules.dbm_section(
            kind=row[1], urgent=row[4], occurs_at=row[3], anchor=pack.anchor_at
        )
        if section:
            placed.append((SECTION_ORDER[section], section, row))
    placed.sort(key=lambda item: item[0])  # stable: each section keeps the feed's order
    DbmPackEntry.objects.bulk_create(
        [
            DbmPackEntry(
                pack=pack, position=position, section=section, entry_id=row[0], kind=row[1],
                summary=row[2], occurs_at=row[3], urgent=row[4], marking=row[5],
                organisation_id=row[6], region_name=row[7] or "", link=row[8],
                source_type=row[9], source_id=row[10], organisation_name=row[11] or "",
            )
            for position, (_, section, row) in enumerate(placed)
        ],
        batch_size=1000,
    )  # fmt: skip
    return len(placed)


@transaction.atomic
def dbm_pack_build(*, actor=None, now: datetime.datetime | None = None) -> DbmPack:
    """Build a pack for the DBM it serves (the next to start) as at `now`: the feed of
    that meeting's window as it stands is stored with the pack, which never changes
    (OP Annex C ¶3). Built each morning by beat (once a day however often it runs) and
    on demand; its PDFs are then rendered in the worker for each reader scope."""
    now = _now(now)
    day = timezone.localdate(now)
    meeting = _dbm_meeting_served(now)
    anchor = meeting.starts_at if meeting else now
    if actor is None:
        pack, created = DbmPack.objects.get_or_create(
            day=day,
            kind=PackKind.MORNING,
            defaults={"as_at": now, "anchor_at": anchor, "meeting": meeting},
        )
        if not created:
            return pack
    else:
        if DbmPack.access_scope(actor, "view") is None:
            raise PermissionDenied(
                "Only the NCA and members of the daily meetings build DBM packs."
            )
        pack = DbmPack.objects.create(
            day=day, kind=PackKind.ON_DEMAND, as_at=now, anchor_at=anchor, meeting=meeting,
            built_by=actor,
        )  # fmt: skip
    _store_entries(pack)
    transaction.on_commit(partial(enqueue_pack_render, pack.pk))
    return pack


def enqueue_pack_render(pack_id: int) -> None:
    """Hand a committed pack to the worker to render its PDFs. If Redis or the worker is
    down the pack stands all the same: each reader's PDF is then rendered when first
    asked for (`dbm_pack_pdf`)."""
    from ..tasks import render_dbm_pack

    enqueue(render_dbm_pack, [(pack_id,)], otherwise="each PDF waits for its first reader")


def dbm_pack_readers():
    """Everyone who may read the packs (`DbmPack.access_scope`): the NCA, and the members
    of the DBM and of the Daily Management Meetings that feed it (OP Annex C ¶3)."""
    daily = Membership.objects.filter(group__code__in=[GroupCode.DBM, GroupCode.DMM])
    return (
        User.objects.filter(is_active=True)
        .filter(Q(organisation__kind__in=NCA_KINDS) | Q(pk__in=daily.values("person_id")))
        .select_related("organisation")
    )


def dbm_pack_render(pack: DbmPack) -> int:
    """Render ahead of the meeting the PDF of every reader scope among the pack's
    readers (clearance by organisation scope): each once, stored with the pack."""
    scopes = {}
    for reader in dbm_pack_readers().iterator(chunk_size=500):
        scope = selectors.DbmReaderScope.of(reader)
        scopes.setdefault(scope.key, scope)
    for scope in scopes.values():
        dbm_pack_pdf(pack=pack, scope=scope)
    return len(scopes)


def dbm_pack_pdf(*, pack: DbmPack, scope) -> bytes:
    """The pack as a PDF for the readers of `scope`: the stored one, or rendered now and
    stored, so that it is rendered once per pack and scope."""
    stored = (
        DbmPackPdf.objects.filter(pack=pack, scope=scope.key).values_list("pdf", flat=True).first()
    )
    if stored is not None:
        return bytes(stored)
    pdf = documents.dbm_pack_pdf(selectors.dbm_pack_contents_for_scope(scope=scope, pack=pack))
    DbmPackPdf.objects.get_or_create(pack=pack, scope=scope.key, defaults={"pdf": pdf})
    return pdf


@transaction.atomic
def activity_log(
    *,
    actor,
    kind: str,
    summary: str,
    occurs_at: datetime.datetime | None,
    marking: str,
    urgent: bool = False,
    detail: str = "",
    now: datetime.datetime | None = None,
):
    """Log a significant event, planned operational activity or an urgent demand into
    the activity feed, for the daily meetings and the DBM (OP Annex C ¶3)."""
    now = _now(now)
    daily = selectors.daily_management_memberships(actor)
    rules.check_may_log_to_feed(actor, is_daily_member=daily.exists())
    kinds = dict(LOGGABLE_ENTRY_KINDS)
    if kind not in kinds:
        raise ValidationError({"kind": f"Choose one of: {', '.join(kinds.values()).lower()}."})
    summary = _required(summary, "summary", "a summary")
    if occurs_at is None:
        raise ValidationError({"occurs_at": "Enter when it happened or is planned for."})
    rules.check_activity_time(kind, occurs_at, now=now)
    check_marking_within_clearance(actor, marking)
    membership = daily.first()
    region = membership.group.region if membership else actor.organisation.region
    return activity_record(
        kind=kind,
        summary=summary,
        detail=detail.strip(),
        occurs_at=occurs_at,
        marking=marking,
        urgent=urgent,
        organisation=actor.organisation,
        region=region,
        recorded_by=actor,
    )
