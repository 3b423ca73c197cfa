"""The Daily Briefing Meeting pack: the 24 hours before the meeting it serves, the 72
from it, and urgent demands, stored when built and never changed; each reader sees what
their scope allows, in the browser and as a PDF rendered once per scope and marked at the
top and bottom of every page."""

import datetime
import io
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InternalError
from django.utils import timezone
from pypdf import PdfReader

from activity.models import ActivityEntry
from activity.services import activity_record
from audit.models import AccessEvent
from directory.choices import Marking
from governance import documents, rules, selectors, services
from governance.models import DbmPack, DbmPackEntry, DbmPackPdf
from governance.selectors import DbmReaderScope
from tests.factories import date_boxes, organisation
from tests.governance.conftest import meeting_of, member

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
        [e["summary"] for e in contents.events],
        [e["summary"] for e in contents.plans],
        [e["summary"] for e in contents.demands],
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
    for n in range(300):  # enough for several pages
        entry(f"Event {n}", "significant_event", -4, Marking.OFFICIAL, "Kent Police")
    pack = services.dbm_pack_build(actor=tasking_officer, now=AS_AT)
    contents = selectors.dbm_pack_contents(user=tasking_officer, pack=pack)
    pages = marking_positions(documents.dbm_pack_pdf(contents), "SECRET")
    assert len(pages) > 2
    for height, heights in pages:
        assert any(y > height - 80 for y in heights), "no marking at the top"
        assert any(y < 80 for y in heights), "no marking at the bottom"


def pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_each_reader_gets_a_pdf_of_what_they_may_see(feed, tasking_officer, nca_bpss_analyst):
    secret = services.dbm_pack_pdf(pack=feed, scope=DbmReaderScope.of(tasking_officer))
    lower = services.dbm_pack_pdf(pack=feed, scope=DbmReaderScope.of(nca_bpss_analyst))
    assert "Threat to life" in pdf_text(secret)
    assert "Threat to life" not in pdf_text(lower)
    assert "OFFICIAL-SENSITIVE" in pdf_text(lower)


def test_a_pdf_is_rendered_once_per_pack_and_reader_scope_then_served_as_stored(
    feed, tasking_officer, dg, nca_bpss_analyst, south_east_rocu_officer
):
    member("dmm-south-east", south_east_rocu_officer)
    # The NCA's readers by clearance, and the South East DMM's member for their own unit.
    assert services.dbm_pack_render(feed) >= 4
    stored = DbmPackPdf.objects.filter(pack=feed).count()
    assert services.dbm_pack_render(feed) == stored
    assert DbmPackPdf.objects.filter(pack=feed).count() == stored
    # Two readers of one scope share one PDF; a new entry in the feed changes neither.
    entry("After the build", "significant_event", 0.5, Marking.OFFICIAL, "Kent Police")
    first = services.dbm_pack_pdf(pack=feed, scope=DbmReaderScope.of(tasking_officer))
    assert "After the build" not in pdf_text(first)
    assert DbmReaderScope.of(tasking_officer).key != DbmReaderScope.of(dg).key
    assert DbmReaderScope.of(south_east_rocu_officer).key != DbmReaderScope.of(tasking_officer).key


def test_the_pdf_downloaded_is_the_one_stored_for_the_readers_scope(client, feed, tasking_officer):
    stored = services.dbm_pack_pdf(pack=feed, scope=DbmReaderScope.of(tasking_officer))
    client.force_login(tasking_officer)
    response = client.get(f"/governance/dbm/{feed.pk}/pdf/")
    assert response.content == stored
    assert DbmPackPdf.objects.filter(pack=feed).count() == 1


# --- A pack is a record -------------------------------------------------------------------


def test_a_built_pack_never_changes_and_what_came_after_is_shown_since_it(
    client, feed, tasking_officer
):
    pack = services.dbm_pack_build(actor=tasking_officer)  # as at now, after the feed
    client.force_login(tasking_officer)

    def pack_as_read():
        page = client.get(f"/governance/dbm/{pack.pk}/").content.decode()
        return page.split('id="demands"')[1].split("Recent packs")[0]

    before = pack_as_read()
    entry("Request after the build", "request", 0.1, Marking.OFFICIAL, "Kent Police")
    entry("Decision after the build", "decision", 0.2, Marking.OFFICIAL, "National Crime Agency")
    events, plans, demands, _ = seen(tasking_officer, pack)
    assert "Request after the build" not in events + plans + demands
    assert pack_as_read() == before
    since = selectors.dbm_since_pack(user=tasking_officer, pack=pack)
    assert [row["summary"] for row in since.rows] == [
        "Request after the build",
        "Decision after the build",
    ]
    page = client.get(f"/governance/dbm/{pack.pk}/since/").content.decode()
    assert "Decision after the build" in page
    assert "Kent seizure" not in page  # it was in the pack already


def test_the_stored_entries_of_a_pack_cannot_be_altered(feed):
    with pytest.raises(InternalError):
        DbmPackEntry.objects.filter(pack=feed).update(summary="Rewritten")


def test_the_window_is_anchored_on_the_dbm_the_pack_serves(tasking_officer):
    meeting = meeting_of("dbm", starts_at=AS_AT + datetime.timedelta(hours=2))
    entry("Too early for this meeting", "significant_event", -23, Marking.OFFICIAL, "Kent Police")
    entry("Just before the meeting", "planned_operation", 1, Marking.OFFICIAL, "Kent Police")
    entry("Three days from the meeting", "planned_operation", 73, Marking.OFFICIAL, "Kent Police")
    pack = services.dbm_pack_build(actor=tasking_officer, now=AS_AT)
    assert (pack.meeting, pack.anchor_at) == (meeting, meeting.starts_at)
    events, plans, _, _ = seen(tasking_officer, pack)
    assert events == ["Just before the meeting"]
    assert plans == ["Three days from the meeting"]


def test_without_a_dbm_planned_the_pack_counts_from_its_build(feed):
    assert (feed.meeting, feed.anchor_at) == (None, AS_AT)


def test_an_entry_before_the_meeting_is_an_event_and_from_its_start_a_plan():
    anchor = AS_AT
    hour = datetime.timedelta(hours=1)
    place = partial(rules.dbm_section, urgent=False, anchor=anchor)
    assert place(kind="request", occurs_at=anchor - hour) == "events"
    assert place(kind="planned_operation", occurs_at=anchor + hour) == "plans"
    assert place(kind="operational_demand", occurs_at=anchor - hour) is None
    assert (
        rules.dbm_section(
            kind="intelligence_demand", urgent=True, occurs_at=anchor + hour, anchor=anchor
        )
        == "demands"
    )


def test_entries_link_only_to_records_the_reader_may_open(tasking_officer, south_east_rocu_officer):
    member("dmm-south-east", south_east_rocu_officer)
    serocu = organisation("South East Regional Organised Crime Unit")
    regional = meeting_of("rttcg-south-east", starts_at=AS_AT - datetime.timedelta(hours=3))
    national = meeting_of("nttcg", starts_at=AS_AT - datetime.timedelta(hours=2))
    for summary, source in [("Regional meeting", regional), ("National meeting", national)]:
        activity_record(
            kind="governance", summary=summary, occurs_at=source.starts_at, source=source,
            link=source.get_absolute_url(), marking=Marking.OFFICIAL, organisation=serocu,
        )  # fmt: skip
    pack = services.dbm_pack_build(actor=tasking_officer, now=AS_AT)

    def links(user):
        return {row["summary"]: row["href"] for row in selectors.dbm_pack_contents(
            user=user, pack=pack).rows}  # fmt: skip

    assert links(tasking_officer) == {
        "Regional meeting": regional.get_absolute_url(),
        "National meeting": national.get_absolute_url(),
    }
    assert links(south_east_rocu_officer) == {
        "Regional meeting": regional.get_absolute_url(),
        "National meeting": "",
    }


def test_the_pack_page_reads_a_constant_number_of_queries_whatever_its_size(
    client, tasking_officer, django_assert_num_queries
):
    serocu = organisation("South East Regional Organised Crime Unit")
    for n in range(3):
        entry(f"Event {n}", "significant_event", -2, Marking.SECRET, "Kent Police")
    meeting = meeting_of("nttcg", starts_at=AS_AT - datetime.timedelta(hours=2))
    activity_record(
        kind="governance", summary="NTTCG", occurs_at=meeting.starts_at, source=meeting,
        link=meeting.get_absolute_url(), marking=Marking.OFFICIAL, organisation=serocu,
    )  # fmt: skip
    small = services.dbm_pack_build(actor=tasking_officer, now=AS_AT)
    for n in range(60):
        entry(f"More {n}", "request", -3, Marking.OFFICIAL_SENSITIVE, "Kent Police")
    large = services.dbm_pack_build(actor=tasking_officer, now=AS_AT)
    client.force_login(tasking_officer)
    client.get(f"/governance/dbm/{small.pk}/")  # warm the content-type cache
    for pack in (small, large):
        with django_assert_num_queries(8):
            assert client.get(f"/governance/dbm/{pack.pk}/").status_code == 200


def test_a_force_officer_finds_nothing_logged_since_a_pack(client, feed, kent_officer):
    client.force_login(kent_officer)
    assert client.get(f"/governance/dbm/{feed.pk}/since/").status_code == 404
    assert client.get(f"/governance/dbm/{feed.pk}/pdf/").status_code == 404


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


def test_opening_a_pack_logs_one_read_of_its_marked_entries_and_an_official_one_none(
    client, feed, tasking_officer, nca_bpss_analyst
):
    client.force_login(tasking_officer)
    client.get(f"/governance/dbm/{feed.pk}/")
    logged = AccessEvent.objects.get(user=tasking_officer, kind="list")
    assert logged.object_type == "activity.activityentry"
    assert len(logged.object_ids) == 5  # all it shows but the Kent request, marked OFFICIAL
    assert logged.marking == Marking.SECRET
    official = services.dbm_pack_build(actor=tasking_officer)
    DbmPackEntry.objects.filter(pack=official).exclude(marking=Marking.OFFICIAL).delete()
    client.get(f"/governance/dbm/{official.pk}/")
    assert AccessEvent.objects.filter(user=tasking_officer, kind="list").count() == 1


def _log_form(**overrides):
    values = {
        "kind": "significant_event", "summary": "Seizure at Dover", "marking": Marking.OFFICIAL,
        **date_boxes("occurs_at", timezone.localdate() - datetime.timedelta(days=1), "09:30"),
    }  # fmt: skip
    return {**values, **overrides}


def test_an_event_logged_in_the_future_is_refused_with_the_missing_summary_at_once(
    client, tasking_officer
):
    client.force_login(tasking_officer)
    tomorrow = date_boxes("occurs_at", timezone.localdate() + datetime.timedelta(days=1), "09:30")
    response = client.post("/governance/dbm/log/", _log_form(summary="", **tomorrow))
    assert response.status_code == 400
    page = response.content.decode()
    assert '<a href="#id_summary">Enter a summary</a>' in page
    assert "A significant event has happened: enter a time in the past." in page
    assert not ActivityEntry.objects.filter(recorded_by=tasking_officer).exists()


def test_an_event_logged_in_the_past_is_accepted(client, tasking_officer):
    client.force_login(tasking_officer)
    assert client.post("/governance/dbm/log/", _log_form()).status_code == 302
    assert ActivityEntry.objects.get(recorded_by=tasking_officer).summary == "Seizure at Dover"


SINCE_QUERIES = 4


def test_what_came_since_a_pack_reads_a_constant_number_of_queries_whatever_came(
    client, feed, tasking_officer, django_assert_num_queries
):
    pack = services.dbm_pack_build(actor=tasking_officer)
    entry("One after the build", "request", 0.1, Marking.OFFICIAL, "Kent Police")
    client.force_login(tasking_officer)
    path = f"/governance/dbm/{pack.pk}/since/"
    client.get(path)  # warm the content-type cache
    with django_assert_num_queries(SINCE_QUERIES):
        assert client.get(path).status_code == 200
    for n in range(30):
        entry(f"More after the build {n}", "decision", 0.2, Marking.OFFICIAL, "Kent Police")
    with django_assert_num_queries(SINCE_QUERIES):
        assert "More after the build 29" in client.get(path).content.decode()
