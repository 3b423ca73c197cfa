"""The governance pages: what each shows, its forms and their errors, its marking and
its query count."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from activity.models import ActivityEntry
from activity.services import activity_record
from directory.choices import Marking
from governance import services
from governance.models import Action, AgendaItem, CalendarToken, Decision, Membership, Minutes
from tests.factories import date_boxes, organisation
from tests.governance.conftest import coming, group, member, started
from tests.pdfs import assert_tagged

pytestmark = pytest.mark.django_db

CONFIRM = {"confirm": "yes"}


def html(response, status=200) -> str:
    assert response.status_code == status, response.content[:2000]
    return response.content.decode()


def signed_in(client, user):
    client.force_login(user)
    return client


# --- Groups -------------------------------------------------------------------------------


def test_the_governance_page_lists_the_groups_and_the_meetings_to_come(client, secretariat):
    coming("nttcg", days=10)
    coming("dbm", days=1)
    page = html(signed_in(client, secretariat).get("/governance/"))
    assert "National Strategic Tasking and Coordination Group" in page
    assert 'RTTCG<span class="govuk-visually-hidden"> Eastern' in page
    assert "NTTCG meeting<span" in page
    assert "London has no regional groups" in page
    assert "DBM meeting" not in page  # the daily meetings are in the meetings list instead


def test_a_pcc_office_sees_the_published_structure_but_no_meetings(client, kent_pcc_office):
    coming("nttcg", days=10)
    page = html(signed_in(client, kent_pcc_office).get("/governance/"))
    assert "National Tactical Tasking and Coordination Group" in page
    assert "No meetings you can see are planned" in page


def test_a_group_page_says_whether_its_cadence_is_the_documents_or_a_setting(client, secretariat):
    signed_in(client, secretariat)
    nttcg = html(client.get("/governance/groups/nttcg/"))
    assert "The NCA's commitments set how often this group meets." in nttcg
    assert "UK Operational Partners (2015), annex C paragraph 2" in nttcg  # behind "Why?"
    assert "/governance/groups/nttcg/cadence/" not in nttcg
    rttcg = html(client.get("/governance/groups/rttcg-eastern/"))
    assert "this is a setting, which the governance secretariat can change" in rttcg
    assert "/governance/groups/rttcg-eastern/cadence/" in rttcg


def test_a_group_page_lists_only_the_members_a_partner_may_see(
    client, kent_officer, tasking_officer
):
    member("rttcg-eastern", kent_officer, tasking_officer)
    page = html(signed_in(client, kent_officer).get("/governance/groups/rttcg-eastern/"))
    assert escape(str(kent_officer)) in page
    assert escape(str(tasking_officer)) not in page


def test_the_secretariat_changes_a_settings_cadence_in_the_portal(client, secretariat):
    response = signed_in(client, secretariat).post(
        "/governance/groups/rttcg-eastern/cadence/",
        {
            "unit": "week", "interval": "4", **date_boxes("anchor", datetime.date(2027, 1, 6)),
            "time_of_day": "14:00",
            "duration_minutes": "90", "working_days_only": "on", "location": "ERSOU",
        },
    )  # fmt: skip
    assert response.status_code == 302
    cadence = group("rttcg-eastern").cadence
    assert (cadence.unit, cadence.interval, cadence.time_of_day) == ("week", 4, datetime.time(14))


def test_a_bad_cadence_is_a_form_error_naming_the_field(client, secretariat):
    page = html(
        signed_in(client, secretariat).post(
            "/governance/groups/rttcg-eastern/cadence/",
            {
                "unit": "fortnight",
                "interval": "0",
                "anchor_day": "30",
                "anchor_month": "2",
                "anchor_year": "2027",
                "time_of_day": "25:00",
                "duration_minutes": "5",
            },
        ),
        status=400,
    )
    assert "There is a problem" in page
    for field in ("unit", "interval", "anchor", "time_of_day", "duration_minutes"):
        assert f'href="#id_{field}"' in page


def test_a_stated_cadence_is_explained_and_not_changed(client, secretariat):
    signed_in(client, secretariat)
    assert "it changes only with the reference data" in html(
        client.get("/governance/groups/nttcg/cadence/")
    )
    html(client.post("/governance/groups/nttcg/cadence/", {"unit": "week"}), status=400)
    assert group("nttcg").cadence.unit == "month"


def test_the_secretariat_adds_a_member_by_username_and_a_wrong_one_is_named(
    client, secretariat, kent_chief_officer
):
    signed_in(client, secretariat)
    response = client.post(
        "/governance/groups/rttcg-eastern/members/", {"add-person": "kent-chief"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        group__slug="rttcg-eastern", person=kent_chief_officer
    ).exists()
    page = html(
        client.post("/governance/groups/rttcg-eastern/members/", {"add-person": "nobody"}), 400
    )
    assert "No one you can see in the portal has the username “nobody”" in page
    assert 'href="#id_add-person"' in page


def test_removing_someone_who_is_not_a_member_is_refused_on_the_members_page(
    client, secretariat, kent_chief_officer
):
    signed_in(client, secretariat)
    url = "/governance/groups/rttcg-eastern/members/"
    page = html(client.post(url, {"remove": kent_chief_officer.pk}), 400)
    assert "is not a member of the" in page
    assert "<title>Error: " in page
    member("rttcg-eastern", kent_chief_officer)
    assert client.post(url, {"remove": kent_chief_officer.pk}).status_code == 302
    assert not Membership.objects.filter(person=kent_chief_officer).exists()


def test_the_nstcgs_chair_must_be_the_dg(client, secretariat, ddg):
    page = html(
        signed_in(client, secretariat).post(
            "/governance/groups/nstcg/members/", {"chair-chair": "ddg"}
        ),
        status=400,
    )
    assert "is not the Director General" in page


# --- A meeting ----------------------------------------------------------------------------


@pytest.fixture
def nttcg(secretariat, ddg, tasking_officer, settings, tmp_path):
    """The NTTCG in session, with the NTIG's recommendation on its agenda and a paper."""
    settings.MEDIA_ROOT = str(tmp_path)
    member("nttcg", ddg, tasking_officer)
    group("nttcg").__class__.objects.filter(slug="nttcg").update(chair=ddg)
    meeting = coming("nttcg", days=1)
    services.submission_record(
        actor=secretariat, meeting=started("ntig", hours_ago=24 * 20), kind="recommendation",
        title="Task the regions on firearms", priority=1, marking=Marking.OFFICIAL_SENSITIVE,
    )  # fmt: skip
    now = timezone.now()
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=now - datetime.timedelta(minutes=30), ends_at=now + datetime.timedelta(hours=2)
    )
    meeting.refresh_from_db()
    item = meeting.agenda_items.get()
    services.paper_add(
        actor=secretariat, agenda_item=item, title="Firearms assessment",
        marking=Marking.SECRET, link="https://documents.nca.example/firearms",
    )  # fmt: skip
    return meeting


def test_a_meeting_page_shows_its_agenda_papers_and_is_marked_with_the_highest(
    client, nttcg, tasking_officer
):
    page = html(signed_in(client, tasking_officer).get(f"/governance/meetings/{nttcg.pk}/"))
    assert "NTIG priority 1: Task the regions on firearms" in page
    assert "Recommendation for approval" in page
    assert "Firearms assessment" in page
    assert page.count('data-marking="secret"') == 2


def test_a_reader_below_the_papers_marking_sees_the_item_but_not_the_paper(
    client, nttcg, nca_bpss_analyst
):
    page = html(signed_in(client, nca_bpss_analyst).get(f"/governance/meetings/{nttcg.pk}/"))
    assert "Task the regions on firearms" in page
    assert "Firearms assessment" not in page
    assert page.count('data-marking="official_sensitive"') == 2


def test_the_secretariat_records_a_decision_on_the_recommendation(client, nttcg, secretariat):
    item = nttcg.agenda_items.get()
    signed_in(client, secretariat)
    form = html(client.get(f"/governance/meetings/{nttcg.pk}/decisions/?item={item.pk}"))
    assert f'<option value="{item.pk}" selected>' in form
    response = client.post(
        f"/governance/meetings/{nttcg.pk}/decisions/",
        {"text": "Approved.", "agenda_item": item.pk, "outcome": "approved", "marking": "official"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.submission.status) == ("taken", "approved")


def test_a_decision_without_an_outcome_on_a_recommendation_is_a_form_error(
    client, nttcg, secretariat
):
    item = nttcg.agenda_items.get()
    page = html(
        signed_in(client, secretariat).post(
            f"/governance/meetings/{nttcg.pk}/decisions/",
            {"text": "Fine.", "agenda_item": item.pk, "marking": "official"},
        ),
        status=400,
    )
    assert '<a href="#id_outcome">Say whether the recommendation is approved' in page
    assert not Decision.objects.exists()


def test_the_secretariat_records_an_action_for_a_member_or_anyone_by_username(
    client, nttcg, secretariat, tasking_officer, hmrc_officer
):
    signed_in(client, secretariat)
    due = date_boxes("due_on", timezone.localdate() + datetime.timedelta(days=7))
    url = f"/governance/meetings/{nttcg.pk}/actions/"
    assert client.post(url, {"description": "Brief.", "owner": tasking_officer.pk, **due,
                             "marking": "official"}).status_code == 302  # fmt: skip
    assert client.post(url, {"description": "Share.", "other_owner": "hmrc", **due,
                             "marking": "official"}).status_code == 302  # fmt: skip
    assert sorted(Action.objects.values_list("owner__username", flat=True)) == ["hmrc", "tasking"]


def test_a_bad_action_is_a_form_error_naming_each_field(client, nttcg, secretariat):
    page = html(
        signed_in(client, secretariat).post(
            f"/governance/meetings/{nttcg.pk}/actions/",
            {"due_on_day": "someday", "marking": "official"},
        ),
        status=400,
    )
    for field in ("description", "owner", "due_on"):
        assert f'href="#id_{field}"' in page


def test_an_action_due_before_its_meeting_is_refused_with_a_missing_field_in_one_round(
    client, nttcg, secretariat, ddg
):
    signed_in(client, secretariat)
    path = f"/governance/meetings/{nttcg.pk}/actions/"
    before = timezone.localdate(nttcg.starts_at) - datetime.timedelta(days=1)
    posted = {"owner": ddg.pk, "marking": "official", **date_boxes("due_on", before)}
    page = html(client.post(path, posted), status=400)
    assert '<a href="#id_description">Enter what is to be done</a>' in page
    assert 'href="#id_due_on">The due date cannot be before the meeting.' in page
    later = before + datetime.timedelta(days=8)
    posted = {**posted, **date_boxes("due_on", later), "description": "Report back."}
    assert client.post(path, posted).status_code == 302
    assert Action.objects.get().due_on == later


def test_minutes_are_drafted_circulated_amended_and_approved_through_the_pages(
    client, nttcg, secretariat, ddg, tasking_officer
):
    services.attendance_record(actor=secretariat, meeting=nttcg, present=[ddg, tasking_officer])
    signed_in(client, secretariat)
    minutes_url = f"/governance/meetings/{nttcg.pk}/minutes/"
    assert client.post(minutes_url, {"text": "Draft.", "marking": "official"}).status_code == 302
    assert client.post(f"{minutes_url}circulate/", CONFIRM).status_code == 302
    signed_in(client, tasking_officer)
    assert "Amend the minutes" in html(client.get(f"/governance/meetings/{nttcg.pk}/"))
    assert client.post(minutes_url, {"text": "Amended.", "marking": "official"}).status_code == 302
    assert client.post(f"{minutes_url}approve/", CONFIRM).status_code == 403
    signed_in(client, ddg)
    assert client.post(f"{minutes_url}approve/", CONFIRM).status_code == 302
    page = html(client.get(f"/governance/meetings/{nttcg.pk}/"))
    assert "Approved minutes are frozen: nobody can change them." in page
    assert "Edit the minutes" not in page
    signed_in(client, secretariat)
    assert client.get(minutes_url).status_code == 403
    assert Minutes.objects.get().text == "Amended."


def test_circulating_twice_is_explained(client, nttcg, secretariat):
    signed_in(client, secretariat)
    client.post(
        f"/governance/meetings/{nttcg.pk}/minutes/", {"text": "Draft.", "marking": "official"}
    )
    client.post(f"/governance/meetings/{nttcg.pk}/minutes/circulate/", CONFIRM)
    page = html(
        client.post(f"/governance/meetings/{nttcg.pk}/minutes/circulate/", CONFIRM), status=400
    )
    assert "Only draft minutes can be circulated." in page


def test_circulating_minutes_with_no_attendance_recorded_warns_and_waits_for_confirm(
    client, nttcg, secretariat, ddg
):
    signed_in(client, secretariat)
    minutes_url = f"/governance/meetings/{nttcg.pk}/minutes/"
    client.post(minutes_url, {"text": "Draft.", "marking": "official"})
    assert f'href="{minutes_url}circulate/"' in html(client.get(nttcg.get_absolute_url()))
    page = html(client.get(f"{minutes_url}circulate/"))
    assert f"Are you sure you want to circulate the minutes of the {nttcg}?" in page
    assert "No attendance is recorded for this meeting" in page
    html(client.post(f"{minutes_url}circulate/"))  # asked again, nothing done
    assert Minutes.objects.get().status == "draft"

    services.attendance_record(actor=secretariat, meeting=nttcg, present=[ddg])
    page = html(client.get(f"{minutes_url}circulate/"))
    assert "No attendance is recorded" not in page
    assert "Once circulated, the minutes cannot go back to draft." in page
    assert client.post(f"{minutes_url}circulate/", CONFIRM).status_code == 302
    assert Minutes.objects.get().status == "circulated"

    signed_in(client, ddg)
    assert "Once approved, the minutes are frozen" in html(client.get(f"{minutes_url}approve/"))
    html(client.post(f"{minutes_url}approve/"))
    assert Minutes.objects.get().status == "circulated"
    assert client.post(f"{minutes_url}approve/", CONFIRM).status_code == 302
    assert Minutes.objects.get().status == "approved"


def test_the_secretariat_attaches_an_uploaded_paper(client, nttcg, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = nttcg.agenda_items.get()
    response = signed_in(client, secretariat).post(
        f"/governance/agenda-items/{item.pk}/papers/",
        {
            "title": "Annex",
            "file": SimpleUploadedFile("annex.pdf", b"%PDF-1.4 annex"),
            "marking": "official",
        },
    )
    assert response.status_code == 302
    assert item.papers.filter(title="Annex", original_name="annex.pdf").exists()


def test_the_secretariat_records_what_a_group_sends_on(client, secretariat):
    rtig = started("rtig-eastern")
    page = html(signed_in(client, secretariat).get(f"/governance/meetings/{rtig.pk}/send-on/"))
    assert "RTTCG Eastern" in page
    response = client.post(
        f"/governance/meetings/{rtig.pk}/send-on/",
        {"kind": "recommendation", "title": "Covert assets", "marking": "official"},
    )
    assert response.status_code == 302
    assert AgendaItem.objects.filter(
        meeting__group__slug="rttcg-eastern", title__contains="Covert"
    ).exists()


# --- Actions ------------------------------------------------------------------------------


@pytest.fixture
def action(secretariat, tasking_officer):
    return services.action_create(
        actor=secretariat, meeting=started("nttcg", hours_ago=48), description="Brief the regions.",
        owner=tasking_officer, due_on=timezone.localdate() + datetime.timedelta(days=2),
    )  # fmt: skip


def test_the_owner_sees_their_action_on_their_home_page_and_marks_it_done(
    client, action, tasking_officer
):
    signed_in(client, tasking_officer)
    home = html(client.get("/"))
    assert "Your action from the NTTCG" in home
    assert "Brief the regions." in home
    response = client.post(f"/governance/actions/{action.pk}/", {"status-status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


def test_the_owner_cannot_cancel_their_action_through_the_page(client, action, tasking_officer):
    response = signed_in(client, tasking_officer).post(
        f"/governance/actions/{action.pk}/", {"status-status": "cancelled"}
    )
    assert response.status_code == 403


def test_another_nca_officer_reads_an_action_but_cannot_change_it(client, action, nca_bpss_analyst):
    signed_in(client, nca_bpss_analyst)
    assert "Update the status" not in html(client.get(f"/governance/actions/{action.pk}/"))
    assert (
        client.post(f"/governance/actions/{action.pk}/", {"status-status": "done"}).status_code
        == 403
    )


# --- The DBM pack and the feed ------------------------------------------------------------


@pytest.fixture
def pack():
    kent = organisation("Kent Police")
    activity_record(
        kind="significant_event", summary="Firearms recovered on the M20", marking=Marking.SECRET,
        occurs_at=timezone.now() - datetime.timedelta(hours=2), organisation=kent,
        region=kent.region,
    )  # fmt: skip
    activity_record(
        kind="intelligence_demand", summary="Urgent check of a phone", marking=Marking.OFFICIAL,
        occurs_at=timezone.now() - datetime.timedelta(hours=1), urgent=True,
    )  # fmt: skip
    return services.dbm_pack_build()


def test_the_dbm_page_shows_the_latest_pack_marked_for_its_reader(client, pack, tasking_officer):
    page = html(signed_in(client, tasking_officer).get("/governance/dbm/"))
    assert "Firearms recovered on the M20" in page
    assert page.count('data-marking="secret"') == 2
    assert "Significant events, the 24 hours before the meeting (1)" in page
    assert "Urgent check of a phone" in page
    assert "Not recorded" in page


def test_the_pack_downloads_as_a_tagged_pdf_to_save(client, pack, tasking_officer):
    response = signed_in(client, tasking_officer).get(f"/governance/dbm/{pack.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="dbm-pack-')
    assert_tagged(response.content, title="Daily Briefing Meeting pack as at")


def test_a_force_officer_finds_no_dbm_pack(client, pack, kent_officer):
    signed_in(client, kent_officer)
    assert client.get("/governance/dbm/").status_code == 404
    assert client.get(f"/governance/dbm/{pack.pk}/").status_code == 404


def test_a_pack_is_built_on_demand(client, tasking_officer):
    response = signed_in(client, tasking_officer).post("/governance/dbm/build/")
    assert response.status_code == 302
    assert re.match(r"^/governance/dbm/\d+/$", response["Location"])


def test_an_nca_officer_logs_an_event_and_a_bad_one_is_named(client, tasking_officer):
    signed_in(client, tasking_officer)
    an_hour_ago = timezone.localtime() - datetime.timedelta(hours=1)
    response = client.post(
        "/governance/dbm/log/",
        {
            "kind": "significant_event",
            "summary": "Seizure at Dover",
            **date_boxes("occurs_at", an_hour_ago, f"{an_hour_ago:%H:%M}"),
            "marking": "official",
        },
    )
    assert response.status_code == 302
    assert ActivityEntry.objects.filter(
        summary="Seizure at Dover", recorded_by=tasking_officer
    ).exists()
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    page = html(
        client.post(
            "/governance/dbm/log/",
            {
                "kind": "significant_event",
                "summary": "Not yet",
                **date_boxes("occurs_at", tomorrow, f"{tomorrow:%H:%M}"),
                "marking": "official",
            },
        ),
        status=400,
    )
    assert '<a href="#id_occurs_at">A significant event has happened' in page


def test_a_force_officer_is_told_they_cannot_log(client, kent_officer):
    assert signed_in(client, kent_officer).get("/governance/dbm/log/").status_code == 403


# --- Calendar -----------------------------------------------------------------------------


def test_the_calendar_address_is_shown_once(client, tasking_officer):
    signed_in(client, tasking_officer)
    page = html(client.post("/governance/calendar/", {"do": "issue"}))
    address = re.search(r'value="(http://[^"]+\.ics)"', page).group(1)
    assert address.startswith(f"{settings.PORTAL_BASE_URL}/governance/calendar/")
    assert client.get(address.removeprefix(settings.PORTAL_BASE_URL)).status_code == 200
    assert ".ics" not in html(client.get("/governance/calendar/"))
    client.post("/governance/calendar/", {"do": "revoke"})
    assert not CalendarToken.objects.exists()


def test_an_unknown_calendar_choice_is_a_400_naming_it(client, tasking_officer):
    page = html(signed_in(client, tasking_officer).post("/governance/calendar/", {}), 400)
    assert 'href="#id_do"' in page
    assert "what to do with your calendar address" in page
    assert not CalendarToken.objects.exists()


# --- Home page panels ---------------------------------------------------------------------


def test_a_member_counts_their_weeks_meetings_and_the_chair_sees_minutes_to_approve(
    client, secretariat, ddg
):
    member("nttcg", ddg)
    group("nttcg").__class__.objects.filter(slug="nttcg").update(chair=ddg)
    coming("nttcg", days=3)
    coming("nttcg", days=10)
    held = started("nttcg", hours_ago=48)
    services.minutes_save(actor=secretariat, meeting=held, text="Draft.", marking="official")
    page = html(signed_in(client, ddg).get("/"))
    assert "<strong>1</strong> meeting of yours in the next seven days" in page
    assert f"Minutes of the {held}" in page
    assert "Draft: you chair the meeting, so they wait for your approval" in page


def test_the_secretariat_sees_the_weeks_meetings(client, secretariat):
    coming("ntig", days=3)
    page = html(signed_in(client, secretariat).get("/"))
    assert "<strong>1</strong> governance meeting this week, apart from the daily ones" in page


# --- Query counts -------------------------------------------------------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _more(secretariat, tasking_officer, n, offset=0):
    kent = organisation("Kent Police")
    for i in range(offset, offset + n):
        meeting = coming("nttcg", days=1 + i)
        services.agenda_item_add(actor=secretariat, meeting=meeting, title=f"Item {i}")
        held = started("ntig", hours_ago=1 + i)
        services.action_create(
            actor=secretariat, meeting=held, description=f"Action {i}", owner=tasking_officer,
            due_on=timezone.localdate() + datetime.timedelta(days=3),
        )  # fmt: skip
        activity_record(
            kind="significant_event", summary=f"Event {i}", marking=Marking.OFFICIAL,
            occurs_at=timezone.now() - datetime.timedelta(minutes=10 + i), organisation=kent,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/governance/", 5),
        ("/governance/meetings/", 5),
        ("/governance/meetings/?group=NTTCG", 5),
        # No past meeting matches: the page still asks for its rows and its count.
        ("/governance/meetings/?when=past&region=south-east", 6),
        ("/governance/meetings/?starts_from_day=1&starts_from_month=1&starts_from_year=2026", 5),
        ("/governance/actions/", 4),
        ("/governance/actions/?mine=true&status=open", 4),
        ("/governance/products/", 4),
        ("/governance/dbm/", 5),
    ],
)
def test_list_pages_keep_a_constant_number_of_queries_whatever_the_rows(
    client, secretariat, tasking_officer, path, expected
):
    services.dbm_pack_build()
    signed_in(client, tasking_officer)
    _more(secretariat, tasking_officer, 1)
    client.get(path)  # warm the content-type cache
    assert _queries(client, path) == expected
    _more(secretariat, tasking_officer, 15, offset=1)
    assert _queries(client, path) == expected


def test_a_meeting_page_keeps_a_constant_number_of_queries_whatever_its_agenda(
    client, nttcg, secretariat, tasking_officer
):
    signed_in(client, tasking_officer)
    path = f"/governance/meetings/{nttcg.pk}/"
    client.get(path)
    before = _queries(client, path)
    for i in range(10):
        item = services.agenda_item_add(actor=secretariat, meeting=nttcg, title=f"Item {i}")
        services.paper_add(
            actor=secretariat, agenda_item=item, title=f"Paper {i}", marking="official",
            link=f"https://documents.nca.example/{i}",
        )  # fmt: skip
        services.decision_record(
            actor=secretariat, meeting=nttcg, text=f"Decided {i}", agenda_item=item
        )
    assert _queries(client, path) == before


def _send_on(**overrides):
    return {"kind": "recommendation", "title": "Task the regions on firearms", "priority": 1,
            "marking": Marking.OFFICIAL, **overrides}  # fmt: skip


def test_sending_on_from_a_meeting_to_come_is_refused_with_the_missing_title_at_once(
    client, secretariat
):
    meeting = coming("ntig", days=1)
    response = signed_in(client, secretariat).post(
        f"/governance/meetings/{meeting.pk}/send-on/", _send_on(title="")
    )
    page = html(response, 400)
    assert '<a href="#id_title">Enter a title</a>' in page
    assert "you can record what it sends on once it has started" in page
    assert not AgendaItem.objects.filter(submission__isnull=False).exists()


def test_sending_on_from_a_meeting_under_way_is_accepted(client, secretariat):
    meeting = started("ntig", hours_ago=1)
    response = signed_in(client, secretariat).post(
        f"/governance/meetings/{meeting.pk}/send-on/", _send_on()
    )
    assert response["Location"] == meeting.get_absolute_url()
    assert AgendaItem.objects.get(submission__isnull=False).submission.title == (
        "Task the regions on firearms"
    )


def test_minuting_a_meeting_to_come_is_refused_with_the_missing_minutes_at_once(
    client, secretariat
):
    meeting = coming("nttcg", days=1)
    response = signed_in(client, secretariat).post(
        f"/governance/meetings/{meeting.pk}/minutes/", {"text": "", "marking": Marking.OFFICIAL}
    )
    page = html(response, 400)
    assert 'href="#id_text"' in page
    assert "you can minute it once it has started" in page
    assert not Minutes.objects.filter(meeting=meeting).exists()
