"""Strategic products: versioned, marked, endorsed by their group at a meeting with a
review date; the NSTCG's endorsement of the NSA sets off the PCC engagement day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activity.models import ActivityEntry
from activity.signals import strategic_product_endorsed
from directory.choices import Marking
from governance import services
from governance.models import AgendaItem, Meeting, StrategicProduct
from tests.factories import date_boxes
from tests.governance.conftest import coming, meeting_of, started

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)


def product(kind, slug):
    return StrategicProduct.objects.get(kind=kind, group__slug=slug)


def draft(secretariat, kind, slug, marking=Marking.OFFICIAL_SENSITIVE):
    return services.product_version_create(
        actor=secretariat, product=product(kind, slug), summary="This year's.", marking=marking
    )


@pytest.fixture
def heard():
    """What the engagement app would hear, and when."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    strategic_product_endorsed.connect(receiver, weak=False)
    yield calls
    strategic_product_endorsed.disconnect(receiver)


@pytest.fixture
def nsa_ready(secretariat):
    """A draft NSA, developed at the NSIG, before a meeting of the NSTCG."""
    nsig = coming("nsig", days=10)
    version = draft(secretariat, "nsa", "nstcg")
    assert list(nsig.agenda_items.values_list("kind", flat=True)) == ["for_preparation"]
    nstcg = coming("nstcg", days=30)
    services.product_version_prepare(actor=secretariat, version=version, meeting=started("nsig"))
    assert list(nstcg.agenda_items.values_list("kind", "title")) == [
        ("for_endorsement", f"For endorsement: {version}")
    ]
    return version


def test_the_nstcg_endorses_the_nsa_and_the_engagement_day_is_set_off_once_after_commit(
    nsa_ready, secretariat, heard, django_capture_on_commit_callbacks
):
    meeting = started("nstcg")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = services.product_version_endorse(
            actor=secretariat, version=nsa_ready, meeting=meeting, review_on=NEXT_YEAR
        )
    assert heard == []  # nothing before the endorsement commits
    for callback in callbacks:
        callback()
    assert heard == [
        {
            "signal": strategic_product_endorsed,
            "product_kind": "nsa",
            "group_code": "NSTCG",
            "product_id": version.product_id,
            "version_id": version.pk,
            "version": 1,
            "endorsed_on": timezone.localdate(meeting.starts_at),
            "actor": secretariat,
        }
    ]
    assert (version.status, version.endorsed_at, version.review_on) == (
        "endorsed",
        meeting,
        NEXT_YEAR,
    )


def _endorse_nsa(secretariat, *, days_ago: float, on_commit):
    """A new version of the NSA, developed at the NSIG and endorsed at the NSTCG
    `days_ago`, through governance's own services, its signal delivered after commit."""
    version = draft(secretariat, "nsa", "nstcg")
    services.product_version_prepare(
        actor=secretariat, version=version, meeting=started("nsig", hours_ago=24 * days_ago + 2)
    )
    with on_commit(execute=True):
        return services.product_version_endorse(
            actor=secretariat,
            version=version,
            meeting=started("nstcg", hours_ago=24 * days_ago + 1),
            review_on=NEXT_YEAR,
        )


def test_each_endorsed_version_of_the_nsa_sets_off_its_engagement_day_at_most_one_a_year(
    secretariat, django_capture_on_commit_callbacks
):
    """PCC §17, through governance and engagement together: last year's version set off
    last year's day; this year's version sets off this year's; a second version endorsed
    this year is briefed at the day this year already has."""
    from engagement.models import EngagementEvent

    last_year = _endorse_nsa(
        secretariat, days_ago=390, on_commit=django_capture_on_commit_callbacks
    )
    this_year = _endorse_nsa(secretariat, days_ago=0, on_commit=django_capture_on_commit_callbacks)
    days = EngagementEvent.objects.filter(kind="engagement_day").order_by("endorsed_on")
    assert [(day.nsa_version_id, day.nsa_version) for day in days] == [
        (str(last_year.pk), "1"),
        (str(this_year.pk), "2"),
    ]
    again = _endorse_nsa(secretariat, days_ago=0, on_commit=django_capture_on_commit_callbacks)
    assert again.number == 3
    assert EngagementEvent.objects.filter(kind="engagement_day").count() == 2


def test_an_endorsement_goes_into_the_activity_feed(nsa_ready, secretariat):
    version = services.product_version_endorse(
        actor=secretariat, version=nsa_ready, meeting=started("nstcg"), review_on=NEXT_YEAR
    )
    entry = ActivityEntry.objects.get(source_type="governance.productversion")
    assert entry.kind == "governance"
    assert entry.marking == version.marking
    assert entry.summary == (
        "The NSTCG endorsed the National Strategic Assessment of Serious and Organised Crime, "
        "version 1"
    )


def test_a_failed_endorsement_sends_nothing(
    nsa_ready, secretariat, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.product_version_endorse(
            actor=secretariat, version=nsa_ready, meeting=started("nstcg"), review_on=None
        )
    assert heard == []


@pytest.mark.parametrize(
    ("kind", "slug"),
    [("ncs", "nstcg"), ("nir", "nstcg"), ("rsa", "rstcg-eastern"), ("nta", "ntig")],
)
def test_no_other_endorsement_sets_off_the_engagement_day(
    kind, slug, secretariat, heard, django_capture_on_commit_callbacks
):
    version = draft(secretariat, kind, slug)
    if kind in ("ncs", "nir"):
        services.product_version_prepare(
            actor=secretariat, version=version, meeting=started("nsig")
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.product_version_endorse(
            actor=secretariat, version=version, meeting=started(slug), review_on=NEXT_YEAR
        )
    assert heard == []


def test_the_nsa_is_developed_through_the_nsig_before_the_nstcg_sets_it(secretariat):
    version = draft(secretariat, "nsa", "nstcg")
    with pytest.raises(ValidationError) as error:
        services.product_version_endorse(
            actor=secretariat, version=version, meeting=started("nstcg"), review_on=NEXT_YEAR
        )
    assert "developed through the NSIG" in error.value.message_dict["meeting"][0]


def test_only_the_nsig_develops_the_nsa(secretariat):
    version = draft(secretariat, "nsa", "nstcg")
    with pytest.raises(ValidationError) as error:
        services.product_version_prepare(
            actor=secretariat, version=version, meeting=started("ntig")
        )
    assert "OP Annex C ¶1" in error.value.message_dict["meeting"][0]


def test_the_nttcg_does_not_endorse_the_nsa(nsa_ready, secretariat):
    with pytest.raises(ValidationError) as error:
        services.product_version_endorse(
            actor=secretariat, version=nsa_ready, meeting=started("nttcg"), review_on=NEXT_YEAR
        )
    assert error.value.message_dict["meeting"] == [
        "The National Strategic Assessment is endorsed by the NSTCG, not the NTTCG "
        "(OP Annex C ¶1; PCC Annex B ¶1)."
    ]


def test_one_regions_rstcg_does_not_endorse_anothers_assessment(secretariat):
    version = draft(secretariat, "rsa", "rstcg-eastern")
    with pytest.raises(ValidationError, match="Eastern's product"):
        services.product_version_endorse(
            actor=secretariat,
            version=version,
            meeting=started("rstcg-south-east"),
            review_on=NEXT_YEAR,
        )


def test_an_rsa_endorsed_regionally_goes_to_the_nsig_and_a_control_strategy_does_not(secretariat):
    nsig = coming("nsig", days=20)
    for kind in ("rsa", "rcs"):
        version = draft(secretariat, kind, "rstcg-eastern")
        services.product_version_endorse(
            actor=secretariat,
            version=version,
            meeting=started("rstcg-eastern"),
            review_on=NEXT_YEAR,
        )
    assert [title for _, title in nsig.agenda_items.values_list("kind", "title")] == [
        "RSTCG Eastern endorsed: Eastern Regional Strategic Assessment, version 1"
    ]


@pytest.mark.parametrize(
    ("kind", "source", "target"),
    [
        ("sap", "sgg-cyber-crime", "nttcg"),
        ("nta", "ntig", "nttcg"),
        ("rta", "rtig-eastern", "rttcg-eastern"),
        ("hrs", "rtig-eastern", "rttcg-eastern"),
    ],
)
def test_an_endorsed_product_goes_to_the_group_it_feeds(kind, source, target, secretariat):
    receiving = coming(target, days=20)
    version = draft(secretariat, kind, source)
    services.product_version_endorse(
        actor=secretariat, version=version, meeting=started(source), review_on=NEXT_YEAR
    )
    assert list(receiving.agenda_items.values_list("kind", flat=True)) == ["for_information"]


def test_a_new_endorsed_version_supersedes_the_last(secretariat):
    first = draft(secretariat, "nta", "ntig")
    services.product_version_endorse(
        actor=secretariat, version=first, meeting=started("ntig"), review_on=NEXT_YEAR
    )
    second = draft(secretariat, "nta", "ntig")
    assert second.number == 2
    services.product_version_endorse(
        actor=secretariat,
        version=second,
        meeting=started("ntig", hours_ago=0.5),
        review_on=NEXT_YEAR,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "endorsed")
    with pytest.raises(ValidationError, match="already endorsed"):
        services.product_version_endorse(
            actor=secretariat, version=second, meeting=started("ntig"), review_on=NEXT_YEAR
        )


@pytest.mark.parametrize("review_on", [None, timezone.localdate() - datetime.timedelta(days=1)])
def test_an_endorsement_needs_a_review_date_after_it(secretariat, review_on):
    version = draft(secretariat, "nta", "ntig")
    with pytest.raises(ValidationError) as error:
        services.product_version_endorse(
            actor=secretariat, version=version, meeting=started("ntig"), review_on=review_on
        )
    assert "review_on" in error.value.message_dict


def test_a_product_is_endorsed_at_a_meeting_that_has_happened(secretariat):
    version = draft(secretariat, "nta", "ntig")
    with pytest.raises(ValidationError, match="once it has started"):
        services.product_version_endorse(
            actor=secretariat, version=version, meeting=coming("ntig"), review_on=NEXT_YEAR
        )


def test_a_product_due_for_review_goes_onto_its_groups_next_agenda_once(secretariat):
    version = draft(secretariat, "nta", "ntig")
    services.product_version_endorse(
        actor=secretariat, version=version, meeting=started("ntig"),
        review_on=timezone.localdate() + datetime.timedelta(days=20),
    )  # fmt: skip
    # The draft planned the NTIG's cycle; an extra meeting called before the next planned
    # one is the next agenda, whatever the date today.
    now = timezone.now()
    planned = Meeting.objects.filter(group__slug="ntig", starts_at__gt=now).earliest("starts_at")
    next_ntig = meeting_of("ntig", starts_at=now + (planned.starts_at - now) / 2)
    assert services.products_review_due() == 1
    assert services.products_review_due() == 0
    assert AgendaItem.objects.get(kind="product_review").meeting == next_ntig


def test_a_product_not_yet_due_for_review_stays_off_the_agenda(secretariat):
    version = draft(secretariat, "nta", "ntig")
    services.product_version_endorse(
        actor=secretariat, version=version, meeting=started("ntig"), review_on=NEXT_YEAR
    )
    assert services.products_review_due() == 0


def test_each_group_has_the_products_the_documents_give_it():
    nstcg = StrategicProduct.objects.filter(group__slug="nstcg")
    assert set(nstcg.values_list("kind", flat=True)) == {"nsa", "ncs", "nir"}
    assert StrategicProduct.objects.filter(kind="sap").count() == 5
    assert StrategicProduct.objects.filter(kind="rca").count() == 9


def test_the_secretariat_checks_an_endorsement_before_it_is_recorded(
    client, nsa_ready, secretariat
):
    meeting = started("nstcg")
    client.force_login(secretariat)
    url = f"/governance/product-versions/{nsa_ready.pk}/endorse/"
    answers = {"meeting": str(meeting.pk), **date_boxes("review_on", NEXT_YEAR)}
    page = client.post(url, answers).content.decode()
    assert "Check your answers before you record the endorsement" in page
    assert str(meeting) in page
    assert f"{NEXT_YEAR.day} {NEXT_YEAR:%B %Y}" in page
    nsa_ready.refresh_from_db()
    assert nsa_ready.endorsed_at is None
    assert client.post(url, {**answers, "confirm": "yes"}).status_code == 302
    nsa_ready.refresh_from_db()
    assert nsa_ready.endorsed_at is not None
