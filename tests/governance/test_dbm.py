"""The Daily Briefing Meeting pack: the previous 24 hours, the next 72, and urgent
demands, read for each reader through the restricted feed; in the browser and as a PDF
marked at the top and bottom of every page."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from activity.services import activity_record
from directory.choices import Marking
from governance import documents, selectors, services
from governance.models import DbmPack
from tests.factories import organisation
from tests.governance.conftest import member

pytestmark = pytest.mark.django_db
AS_AT = timezone.now().replace(microsecond=0)


def entry(summary, kind, hours, marking, organisation_name, urgent=False):
    org = organisation(organisation_name)
    return activity_record(
        kind=kind, summary=summary, occurs_at=AS_AT + datetime.timedelta(hours=hours),
        marking=marking, organisation=org, region=org.region, urgent=urgent,
    )  # fmt: skip


@pytest.fixture
def feed():
    NCA = "National Crime Agency"
    entry("Kent seizure", "significant_event", -5, Marking.OFFICIAL_SENSITIVE, "Kent Police")
    entry("Kent request", "request", -6, Marking.OFFICIAL, "Kent Police")
    entry("Threat to life", "significant_event", -2, Marking.SECRET, NCA)
    entry("Top secret matter", "significant_event", -1, Marking.TOP_SECRET, NCA)
    entry("Yesterday's decision", "decision", -30, Marking.OFFICIAL, NCA)
    entry("Warrants tomorrow", "planned_operation", 20, Marking.OFFICIAL_SENSITIVE,
          "South East Regional Organised Crime Unit")  # fmt: skip
    entry("Operation in four days", "planned_operation", 80, Marking.OFFICIAL, NCA)
    entry("Comms data, now", "intelligence_demand", -3, Marking.OFFICIAL_SENSITIVE,
          "Eastern Region Special Operations Unit", urgent=True)  # fmt: skip
    entry("Routine demand", "operational_demand", -3, Marking.OFFICIAL, NCA)
    activity_record(
        kind="operational_demand", summary="Surveillance teams, now", urgent=True,
        occurs_at=AS_AT - datetime.timedelta(hours=1), marking=Marking.SECRET,
    )  # fmt: skip
    return services.dbm_pack_build(now=AS_AT)


def seen(user, pack):
    contents = selectors.dbm_pack_contents(user=user, pack=pack)
    return (
        [e.summary for e in contents.events],
        [e.summary for e in contents.plans],
        [e.summary for e in contents.demands],
        contents.marking,
    )


def test_an_nca_officer_sees_what_their_clearance_allows_and_the_pack_is_marked_so(
    feed, tasking_officer
):
    events, plans, demands, marking = seen(tasking_officer, feed)
    assert events == ["Kent request", "Kent seizure", "Threat to life"]
    assert plans == ["Warrants tomorrow"]
    assert demands == ["Comms data, now", "Surveillance teams, now"]
    assert marking == Marking.SECRET


def test_the_dg_sees_the_top_secret_entry_too(feed, dg):
    events, _, _, marking = seen(dg, feed)
    assert "Top secret matter" in events
    assert marking == Marking.TOP_SECRET


def test_a_bpss_analyst_sees_up_to_official_sensitive(feed, nca_bpss_analyst):
    events, plans, demands, marking = seen(nca_bpss_analyst, feed)
    assert events == ["Kent request", "Kent seizure"]
    assert (plans, demands, marking) == (
        ["Warrants tomorrow"],
        ["Comms data, now"],
        "official_sensitive",
    )


def test_a_regional_dmm_member_sees_only_their_own_organisations_entries(
    feed, south_east_rocu_officer
):
    member("dmm-south-east", south_east_rocu_officer)
    assert seen(south_east_rocu_officer, feed) == (
        [],
        ["Warrants tomorrow"],
        [],
        "official_sensitive",
    )


def test_the_morning_pack_is_built_once_a_day(feed):
    assert services.dbm_pack_build(now=AS_AT + datetime.timedelta(minutes=5)) == feed
    assert DbmPack.objects.filter(kind="morning").count() == 1


def test_a_pack_built_on_demand_is_a_new_one_as_at_now(feed, tasking_officer):
    pack = services.dbm_pack_build(actor=tasking_officer)
    assert pack != feed
    assert (pack.kind, pack.built_by) == ("on_demand", tasking_officer)


def test_a_force_officer_neither_reads_nor_builds_packs(feed, kent_officer):
    assert not DbmPack.objects.restrict(kent_officer, "view").exists()
    with pytest.raises(PermissionDenied):
        services.dbm_pack_build(actor=kent_officer)


def test_the_pack_is_for_the_days_dbm(feed):
    assert feed.day == timezone.localdate(AS_AT)


def marking_positions(pdf: bytes, label: str):
    """For each page: the heights (in points) at which `label` is written on its own."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        heights = []

        def visit(text, cm, tm, font, size, heights=heights):
            if text.strip() == label:
                heights.append(cm[3] * tm[5] + cm[5])

        page.extract_text(visitor_text=visit)
        pages.append((float(page.mediabox.height), heights))
    return pages


def test_the_pdf_bears_the_readers_marking_in_words_at_the_top_and_bottom_of_every_page(
    feed, tasking_officer
):
    for n in range(150):  # enough for several pages
        entry(f"Event {n}", "significant_event", -4, Marking.OFFICIAL, "Kent Police")
    contents = selectors.dbm_pack_contents(user=tasking_officer, pack=feed)
    pages = marking_positions(documents.dbm_pack_pdf(contents), "SECRET")
    assert len(pages) > 2
    for height, heights in pages:
        assert any(y > height - 80 for y in heights), "no marking at the top"
        assert any(y < 80 for y in heights), "no marking at the bottom"


def test_each_reader_gets_a_pdf_of_what_they_may_see(feed, tasking_officer, nca_bpss_analyst):
    secret = documents.dbm_pack_pdf(selectors.dbm_pack_contents(user=tasking_officer, pack=feed))
    lower = documents.dbm_pack_pdf(selectors.dbm_pack_contents(user=nca_bpss_analyst, pack=feed))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(lower)).pages)
    assert "Threat to life" not in text
    assert "OFFICIAL-SENSITIVE" in text
    assert secret != lower


# --- Logging into the feed ----------------------------------------------------------------


def test_an_nca_officer_logs_a_significant_event(tasking_officer):
    logged = services.activity_log(
        actor=tasking_officer, kind="significant_event", summary="Seizure at Felixstowe",
        occurs_at=timezone.now() - datetime.timedelta(hours=1), marking=Marking.OFFICIAL_SENSITIVE,
    )  # fmt: skip
    assert (logged.organisation.name, logged.recorded_by) == (
        "National Crime Agency",
        tasking_officer,
    )


def test_a_regional_dmm_member_logs_planned_activity_for_their_region(south_east_rocu_officer):
    member("dmm-south-east", south_east_rocu_officer)
    logged = services.activity_log(
        actor=south_east_rocu_officer, kind="planned_operation", summary="Warrants on Thursday",
        occurs_at=timezone.now() + datetime.timedelta(days=2), marking=Marking.OFFICIAL,
        urgent=True,
    )  # fmt: skip
    assert (logged.organisation.short_name, logged.region.code, logged.urgent) == (
        "SEROCU", "south-east", True,
    )  # fmt: skip


def test_a_seat_on_the_dbm_alone_offers_no_form_the_service_would_refuse(
    client, south_east_rocu_officer
):
    member("dbm", south_east_rocu_officer)
    client.force_login(south_east_rocu_officer)
    assert client.get("/governance/dbm/").context["logs"] is False
    assert client.get("/governance/dbm/log/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.activity_log(
            actor=south_east_rocu_officer, kind="significant_event", summary="Seizure",
            occurs_at=timezone.now(), marking=Marking.OFFICIAL,
        )  # fmt: skip
    member("dmm-south-east", south_east_rocu_officer)
    assert client.get("/governance/dbm/").context["logs"] is True
    assert client.get("/governance/dbm/log/").status_code == 200


def test_a_force_officer_who_is_not_in_a_dmm_does_not_log(kent_officer):
    with pytest.raises(PermissionDenied):
        services.activity_log(
            actor=kent_officer, kind="significant_event", summary="Seizure",
            occurs_at=timezone.now(), marking=Marking.OFFICIAL,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "decision"}, "kind"),
        ({"summary": " "}, "summary"),
        ({"occurs_at": None}, "occurs_at"),
        ({"occurs_at": timezone.now() + datetime.timedelta(days=1)}, "occurs_at"),
        (
            {"kind": "planned_operation", "occurs_at": timezone.now() - datetime.timedelta(days=1)},
            "occurs_at",
        ),
        ({"occurs_at": timezone.now() - datetime.timedelta(days=400)}, "occurs_at"),
        ({"marking": Marking.TOP_SECRET}, "marking"),
    ],
)
def test_a_bad_entry_is_refused_naming_the_field(tasking_officer, change, field):
    values = {
        "kind": "significant_event", "summary": "Seizure", "occurs_at": timezone.now(),
        "marking": Marking.OFFICIAL, **change,
    }  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.activity_log(actor=tasking_officer, **values)
    assert field in error.value.message_dict
