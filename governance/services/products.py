"""The strategic products (OP Annex C ¶1): versions drafted, developed through the
NSIG, endorsed with a review date, and brought back for review."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from activity.signals import strategic_product_endorsed
from directory.rules import check_marking_within_clearance
from priorities.rules import check_priorities_in_force

from .. import rules
from ..choices import AgendaItemKind, AgendaItemStatus, VersionStatus
from ..models import Meeting, ProductVersion
from .common import _feed_entry, _mark_held, _now, _required
from .meetings import paper_add
from .planning import _put_on_next_agenda

PRODUCT_REVIEW_LEAD_DAYS = 30


@transaction.atomic
def product_version_create(
    *,
    actor,
    product,
    summary: str,
    marking: str,
    upload=None,
    link: str = "",
    priorities=(),
    now: datetime.datetime | None = None,
) -> ProductVersion:
    """A new draft of a product, with its document and the NCA priorities it sets out (in
    force on its day: PCC §11-12, PCC Annex A); it goes onto the agenda of the group that
    takes it next: the NSIG for the products it develops (OP Annex C ¶1), otherwise the
    group that endorses it."""
    now = _now(now)
    rules.check_administers(actor, doing="add a version of a strategic product")
    summary = _required(summary, "summary", "a summary of this version")
    check_marking_within_clearance(actor, marking)
    check_priorities_in_force(priorities, timezone.localdate(now))
    type(product).objects.select_for_update().get(pk=product.pk)
    top = product.versions.aggregate(top=Max("number"))["top"] or 0
    version = ProductVersion.objects.create(
        product=product, number=top + 1, summary=summary, marking=marking, created_by=actor
    )
    version.priorities.set(priorities)
    if upload or link:
        paper_add(
            actor=actor,
            title=f"{product.title}, version {version.number}",
            marking=marking,
            product_version=version,
            upload=upload,
            link=link,
        )
    if product.prepared_through_id is not None:
        kind, title = AgendaItemKind.FOR_PREPARATION, f"To develop: {version}"
        group = product.prepared_through
    else:
        kind, title, group = (
            AgendaItemKind.FOR_ENDORSEMENT,
            f"For endorsement: {version}",
            product.group,
        )
    _put_on_next_agenda(
        group, after=now, product_version=version, kind=kind, title=title,
        description=summary, marking=marking,
    )  # fmt: skip
    return version


@transaction.atomic
def product_version_prepare(
    *, actor, version: ProductVersion, meeting: Meeting, now: datetime.datetime | None = None
) -> ProductVersion:
    """The NSIG has developed a draft of the NSA, the National Control Strategy or the
    National Intelligence Requirement: it goes to the NSTCG's next agenda to be set (OP
    Annex C ¶1)."""
    now = _now(now)
    rules.check_administers(actor, doing="send a product on for endorsement")
    version = (
        ProductVersion.objects.select_for_update(of=("self",))
        .select_related("product__group", "product__prepared_through")
        .get(pk=version.pk)
    )
    rules.check_group_may_prepare(version.product, meeting.group)
    rules.check_meeting_takes_records(meeting, now=now, doing="send a product on from it")
    if version.status != VersionStatus.DRAFT:
        raise ValidationError({"meeting": "Only a draft is sent on for endorsement."})
    if version.prepared_at_id is not None:
        raise ValidationError(
            {"meeting": f"This draft was already sent on from {version.prepared_at}."}
        )
    version.prepared_at = meeting
    version.save(update_fields=["prepared_at"])
    meeting.agenda_items.filter(product_version=version).update(status=AgendaItemStatus.TAKEN)
    _put_on_next_agenda(
        version.product.group, after=now, product_version=version,
        kind=AgendaItemKind.FOR_ENDORSEMENT, title=f"For endorsement: {version}",
        description=version.summary, marking=version.marking,
    )  # fmt: skip
    _mark_held(meeting)
    return version


@transaction.atomic
def product_version_endorse(
    *,
    actor,
    version: ProductVersion,
    meeting: Meeting,
    review_on: datetime.date | None,
    now: datetime.datetime | None = None,
) -> ProductVersion:
    """The group endorses a product version at one of its meetings, with a date to review
    it. Which group endorses which product is data on the product, read by
    rules.check_group_may_endorse. The previous endorsed version is superseded; the
    endorsement goes into the activity feed and on to the groups this one feeds; the
    NSTCG's endorsement of the NSA sets off the PCC engagement day (PCC §17), by a
    signal sent once the endorsement has committed."""
    now = _now(now)
    version = (
        ProductVersion.objects.select_for_update(of=("self",))
        .select_related("product__group", "product__prepared_through")
        .get(pk=version.pk)
    )
    product = version.product
    rules.check_may_record_at(actor, meeting, doing="record an endorsement")
    rules.check_group_may_endorse(product, meeting.group)
    rules.check_prepared_before_endorsement(product, version)
    rules.check_meeting_takes_records(meeting, now=now, doing="endorse a product at it")
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            {
                "meeting": (
                    f"Version {version.number} is already {version.get_status_display().lower()}."
                )
            }
        )
    if review_on is None:
        raise ValidationError({"review_on": "Enter the date this version is to be reviewed."})
    endorsed_on = timezone.localdate(meeting.starts_at)
    rules.check_review_date(review_on, endorsed_on)
    product.versions.filter(status=VersionStatus.ENDORSED).update(status=VersionStatus.SUPERSEDED)
    version.status = VersionStatus.ENDORSED
    version.endorsed_at, version.endorsed_on, version.endorsed_by = meeting, endorsed_on, actor
    version.review_on = review_on
    version.save()
    meeting.agenda_items.filter(product_version=version).update(status=AgendaItemStatus.TAKEN)
    _feed_entry(
        meeting.group,
        summary=(
            f"The {meeting.group.short_name} endorsed the {product.title}, version {version.number}"
        ),
        marking=version.marking,
        occurs_at=min(now, meeting.ends_at),
        source=version,
        link=product.get_absolute_url(),
        actor=actor,
    )
    for feed in meeting.group.feeds_out.filter(kind="product").select_related("target"):
        if feed.product_kinds and product.kind not in feed.product_kinds:
            continue
        _put_on_next_agenda(
            feed.target, after=now, product_version=version,
            kind=AgendaItemKind.FOR_INFORMATION,
            title=f"{meeting.group.short_name} endorsed: {version}",
            description=version.summary, marking=version.marking,
        )  # fmt: skip
    _mark_held(meeting)
    if rules.sets_off_engagement_day(product.kind, meeting.group):
        details = {
            "product_kind": product.kind,
            "group_code": meeting.group.code,
            "product_id": product.pk,
            "version_id": version.pk,
            "version": version.number,
            "endorsed_on": endorsed_on,
            "actor": actor,
        }
        transaction.on_commit(
            lambda: strategic_product_endorsed.send(sender=ProductVersion, **details)
        )
    return version


@transaction.atomic
def products_review_due(*, now: datetime.datetime | None = None) -> int:
    """Put each endorsed product whose review date is near onto its group's next agenda:
    the groups set *and review* their products (OP Annex C ¶1). Once per meeting."""
    now = _now(now)
    horizon = timezone.localdate(now) + datetime.timedelta(days=PRODUCT_REVIEW_LEAD_DAYS)
    added = 0
    due = ProductVersion.objects.filter(status=VersionStatus.ENDORSED, review_on__lte=horizon)
    for version in due.select_related("product__group"):
        if version.agenda_items.filter(
            kind=AgendaItemKind.PRODUCT_REVIEW, status=AgendaItemStatus.OPEN
        ).exists():
            continue
        _, created = _put_on_next_agenda(
            version.product.group, after=now, product_version=version,
            kind=AgendaItemKind.PRODUCT_REVIEW,
            title=f"Due for review on {version.review_on:%-d %B %Y}: {version}",
            description=version.summary, marking=version.marking,
        )  # fmt: skip
        added += created
    return added
