"""Who sees what: the NCA sees every group's business; members see their groups'; a
ROCU's people see their region's groups; a force or a PCC office sees a meeting only
when one of its people is a member. Marked records stay within each reader's clearance,
and anything not yours answers exactly as if it did not exist."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AccessEvent
from directory.choices import Marking
from governance import services
from governance.models import Action, Meeting, Minutes, Paper
from tests.governance.conftest import coming, group, member, started

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Meeting.objects.restrict(user, "view").values_list("group__slug", flat=True))


@pytest.fixture
def meetings():
    for slug in ("nttcg", "rttcg-eastern", "rttcg-south-east", "dmm-south-east", "nstcg"):
        coming(slug)


def test_the_nca_sees_every_groups_meetings(meetings, tasking_officer, eastern_rocc):
    assert visible(tasking_officer) == visible(eastern_rocc) == {
        "nttcg", "rttcg-eastern", "rttcg-south-east", "dmm-south-east", "nstcg",
    }  # fmt: skip


def test_a_rocus_people_see_their_own_regions_groups(
    meetings, south_east_rocu_officer, eastern_rocu_officer
):
    assert visible(south_east_rocu_officer) == {"rttcg-south-east", "dmm-south-east"}
    assert visible(eastern_rocu_officer) == {"rttcg-eastern"}


def test_a_force_officer_sees_only_the_groups_they_belong_to(meetings, kent_chief_officer):
    assert visible(kent_chief_officer) == set()
    member("rttcg-eastern", kent_chief_officer)
    assert visible(kent_chief_officer) == {"rttcg-eastern"}


def test_a_partner_agency_member_sees_the_national_group_it_sits_on(meetings, hmrc_officer):
    member("nttcg", hmrc_officer)
    assert visible(hmrc_officer) == {"nttcg"}


def test_a_pcc_office_sees_none_unless_a_member(meetings, kent_pcc_office):
    assert visible(kent_pcc_office) == set()


def test_a_chair_who_is_not_a_member_still_sees_the_groups_meetings(meetings, kent_chief_officer):
    group("rttcg-eastern").__class__.objects.filter(slug="rttcg-eastern").update(
        chair=kent_chief_officer
    )
    assert visible(kent_chief_officer) == {"rttcg-eastern"}


def test_several_memberships_do_not_repeat_a_meeting(meetings, hmrc_officer):
    member("nttcg", hmrc_officer)
    member("sgg-economic-crime", hmrc_officer)
    assert Meeting.objects.restrict(hmrc_officer, "view").count() == 1


def test_the_groups_themselves_are_published_for_everyone(kent_pcc_office):
    assert group("nstcg").__class__.objects.restrict(kent_pcc_office, "view").count() == 52


# --- Minutes ------------------------------------------------------------------------------


@pytest.fixture
def minuted(secretariat, ddg, tasking_officer, hmrc_officer):
    member("nttcg", ddg, tasking_officer, hmrc_officer)
    group("nttcg").__class__.objects.filter(slug="nttcg").update(chair=ddg)
    meeting = started("nttcg")
    services.attendance_record(actor=secretariat, meeting=meeting, present=[ddg, tasking_officer])
    services.minutes_save(actor=secretariat, meeting=meeting, text="Draft.", marking="official")
    return meeting


def readers(meeting, *people):
    return {
        p.username for p in people if Minutes.objects.restrict(p, "view").filter(meeting=meeting)
    }


def test_draft_minutes_are_the_secretariats_and_the_chairs(
    minuted, secretariat, ddg, tasking_officer, hmrc_officer
):
    everyone = (secretariat, ddg, tasking_officer, hmrc_officer)
    assert readers(minuted, *everyone) == {"secretariat", "ddg"}
    services.minutes_circulate(actor=secretariat, meeting=minuted)
    assert readers(minuted, *everyone) == {"secretariat", "ddg", "tasking"}
    services.minutes_approve(actor=ddg, meeting=minuted)
    # Approved: every member who may see the meeting, attendee or not.
    assert readers(minuted, *everyone) == {"secretariat", "ddg", "tasking", "hmrc"}


def test_secret_minutes_stay_within_clearance(secretariat, ddg, nca_bpss_analyst):
    meeting = started("nttcg")
    group("nttcg").__class__.objects.filter(slug="nttcg").update(chair=ddg)
    services.minutes_save(actor=secretariat, meeting=meeting, text="Covert.", marking="secret")
    services.minutes_approve(actor=ddg, meeting=meeting)
    assert readers(meeting, ddg, nca_bpss_analyst) == {"ddg"}


# --- Papers and actions -------------------------------------------------------------------


@pytest.fixture
def papers(secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    item = services.agenda_item_add(actor=secretariat, meeting=coming("nttcg"), title="NTA")
    found = {}
    for marking in (Marking.OFFICIAL_SENSITIVE, Marking.SECRET):
        found[marking] = services.paper_add(
            actor=secretariat, agenda_item=item, title=f"{marking} paper", marking=marking,
            upload=SimpleUploadedFile("paper.pdf", b"%PDF-1.4 " + marking.encode()),
        )  # fmt: skip
    return found


def test_a_paper_is_downloaded_by_those_cleared_for_it_and_the_read_is_logged(
    client, papers, tasking_officer
):
    client.force_login(tasking_officer)
    response = client.get(f"/governance/papers/{papers[Marking.SECRET].pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret"
    assert response["Content-Disposition"] == 'attachment; filename="paper.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessEvent.objects.filter(
        kind="read", user=tasking_officer, object_type="governance.paper"
    ).exists()


def test_a_paper_above_a_readers_clearance_does_not_exist_for_them(
    client, papers, nca_bpss_analyst
):
    client.force_login(nca_bpss_analyst)
    assert client.get(f"/governance/papers/{papers[Marking.SECRET].pk}/").status_code == 404
    assert (
        client.get(f"/governance/papers/{papers[Marking.OFFICIAL_SENSITIVE].pk}/").status_code
        == 200
    )


def test_a_paper_of_a_meeting_not_yours_does_not_exist_for_you(client, papers, kent_officer):
    client.force_login(kent_officer)
    assert (
        client.get(f"/governance/papers/{papers[Marking.OFFICIAL_SENSITIVE].pk}/").status_code
        == 404
    )
    assert client.get("/governance/papers/999999/").status_code == 404
    assert not Paper.objects.restrict(kent_officer, "view").exists()


def test_the_owner_of_an_action_sees_it_without_seeing_the_meeting(secretariat, hmrc_officer):
    action = services.action_create(
        actor=secretariat, meeting=started("nttcg"), description="Share the HMRC picture.",
        owner=hmrc_officer, due_on=timezone.localdate() + datetime.timedelta(days=7),
    )  # fmt: skip
    assert list(Action.objects.restrict(hmrc_officer, "view")) == [action]
    assert not Meeting.objects.restrict(hmrc_officer, "view").exists()


def test_a_meeting_not_yours_answers_like_one_that_does_not_exist(client, kent_officer):
    meeting = coming("nttcg")
    client.force_login(kent_officer)
    mine = client.get(f"/governance/meetings/{meeting.pk}/")
    missing = client.get("/governance/meetings/999999/")
    assert mine.status_code == missing.status_code == 404
