"""Meetings: agendas and papers, attendance, minutes from draft to frozen, decisions,
actions, cancellation, cadences the secretariat sets and the members it keeps."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from activity.models import ActivityEntry
from directory.choices import Clearance, Marking, Role
from governance import services
from governance.models import Meeting, Minutes
from notifications.models import Notification
from notifications.services import emails_send_unsent
from tests.conftest import person
from tests.governance.conftest import NCA, coming, group, member, started

pytestmark = pytest.mark.django_db


def upload(name="paper.pdf", content=b"%PDF-1.4 a paper"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- Agenda and papers --------------------------------------------------------------------


def test_the_secretariat_adds_an_item_to_the_agenda(secretariat):
    meeting = coming("nttcg")
    item = services.agenda_item_add(
        actor=secretariat, meeting=meeting, title="Firearms supply", marking=Marking.OFFICIAL
    )
    second = services.agenda_item_add(actor=secretariat, meeting=meeting, title="AOB")
    assert (item.position, second.position) == (1, 2)
    assert item.added_by == secretariat
    assert not item.is_automatic


def test_a_tasking_officer_does_not_add_to_an_agenda(tasking_officer):
    with pytest.raises(PermissionDenied, match="Governance secretariat"):
        services.agenda_item_add(actor=tasking_officer, meeting=coming("nttcg"), title="Mine")


def test_an_agenda_item_needs_a_title(secretariat):
    with pytest.raises(ValidationError) as error:
        services.agenda_item_add(actor=secretariat, meeting=coming("nttcg"), title="  ")
    assert error.value.message_dict == {"title": ["Enter the item's title."]}


def test_a_paper_is_kept_in_storage_under_a_random_name_with_its_marking(
    secretariat, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    item = services.agenda_item_add(actor=secretariat, meeting=coming("nttcg"), title="NTA")
    paper = services.paper_add(
        actor=secretariat, agenda_item=item, title="National Tactical Assessment",
        marking=Marking.OFFICIAL_SENSITIVE, upload=upload("Tactical assessment.pdf"),
    )  # fmt: skip
    assert paper.original_name == "Tactical assessment.pdf"
    assert paper.content_type == "application/pdf"
    assert "Tactical" not in paper.file.name
    assert (tmp_path / paper.file.name).read_bytes() == b"%PDF-1.4 a paper"


def test_a_paper_may_be_a_link_instead(secretariat):
    item = services.agenda_item_add(actor=secretariat, meeting=coming("nttcg"), title="NTA")
    paper = services.paper_add(
        actor=secretariat, agenda_item=item, title="On the shared drive",
        marking=Marking.OFFICIAL, link="https://documents.nca.example/nta",
    )  # fmt: skip
    assert paper.link
    assert not paper.file


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"upload": upload("macro.exe")}, "file", "Upload a file of one of these types"),
        ({"upload": upload("empty.pdf", b"")}, "file", "The file is empty."),
        ({}, "file", "Choose a file to upload, or give a link"),
        ({"upload": upload(), "link": "https://x.example"}, "file", "but not both"),
        ({"link": "http://plain.example/paper"}, "link", "starts with https://"),
        ({"link": "https://x.example", "marking": Marking.TOP_SECRET}, "marking", "does not cover"),
    ],
)
def test_a_bad_paper_is_refused_naming_the_field(secretariat, kwargs, field, message):
    item = services.agenda_item_add(actor=secretariat, meeting=coming("nttcg"), title="NTA")
    arguments = {"marking": Marking.OFFICIAL, **kwargs}
    with pytest.raises(ValidationError) as error:
        services.paper_add(actor=secretariat, agenda_item=item, title="Paper", **arguments)
    assert message in error.value.message_dict[field][0]


# --- Attendance ---------------------------------------------------------------------------


def test_attendance_records_each_member_present_with_apologies_or_absent(
    secretariat, ddg, tasking_officer, dg
):
    member("nttcg", ddg, tasking_officer, dg)
    meeting = started("nttcg")
    services.attendance_record(
        actor=secretariat, meeting=meeting, present=[ddg], apologies=[tasking_officer]
    )
    assert dict(meeting.attendances.values_list("person__username", "status")) == {
        "ddg": "present", "tasking": "apologies", "dg": "absent",
    }  # fmt: skip
    meeting.refresh_from_db()
    assert meeting.status == "held"


def test_attendance_names_a_person_who_is_not_a_member(secretariat, kent_officer):
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            actor=secretariat, meeting=started("nttcg"), present=[kent_officer]
        )
    assert "Not a member of the NTTCG" in error.value.message_dict["present"][0]


def test_attendance_waits_for_the_meeting_to_start(secretariat, ddg):
    member("nttcg", ddg)
    with pytest.raises(ValidationError, match="once it has started"):
        services.attendance_record(actor=secretariat, meeting=coming("nttcg"), present=[ddg])


# --- Minutes ------------------------------------------------------------------------------


@pytest.fixture
def nttcg_with_attendees(secretariat, ddg, tasking_officer, hmrc_officer):
    member("nttcg", ddg, tasking_officer, hmrc_officer)
    group("nttcg").__class__.objects.filter(slug="nttcg").update(chair=ddg)
    meeting = started("nttcg")
    services.attendance_record(
        actor=secretariat, meeting=meeting, present=[ddg, tasking_officer], apologies=[hmrc_officer]
    )
    return meeting


def test_minutes_go_from_draft_to_circulated_to_approved_and_are_then_frozen(
    nttcg_with_attendees, secretariat, ddg, tasking_officer
):
    meeting = nttcg_with_attendees
    services.minutes_save(actor=secretariat, meeting=meeting, text="Draft.", marking="official")
    services.minutes_circulate(actor=secretariat, meeting=meeting)
    services.minutes_save(
        actor=tasking_officer, meeting=meeting, text="Draft, amended.", marking="official"
    )
    services.minutes_approve(actor=ddg, meeting=meeting)
    minutes = Minutes.objects.get(meeting=meeting)
    assert (minutes.status, minutes.text, minutes.approved_by) == (
        "approved",
        "Draft, amended.",
        ddg,
    )
    assert [(r.note, r.author.username) for r in minutes.revisions.all()] == [
        ("Drafted", "secretariat"), ("Amended", "tasking"),
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="approved and can no longer change"):
        services.minutes_save(actor=secretariat, meeting=meeting, text="Later.", marking="official")


def test_the_database_itself_refuses_to_change_approved_minutes(
    nttcg_with_attendees, secretariat, ddg
):
    meeting = nttcg_with_attendees
    services.minutes_save(actor=secretariat, meeting=meeting, text="Final.", marking="official")
    services.minutes_approve(actor=ddg, meeting=meeting)
    with pytest.raises(DatabaseError, match="Cannot update or delete rows"), transaction.atomic():
        Minutes.objects.filter(meeting=meeting).update(text="Rewritten")


def test_circulating_tells_the_attendees_and_the_chair(nttcg_with_attendees, secretariat):
    meeting = nttcg_with_attendees
    services.minutes_save(actor=secretariat, meeting=meeting, text="Draft.", marking="official")
    with transaction.atomic():
        services.minutes_circulate(actor=secretariat, meeting=meeting)
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"ddg", "tasking"}


def test_only_the_secretariat_drafts_minutes(nttcg_with_attendees, tasking_officer):
    with pytest.raises(PermissionDenied, match="Only the governance secretariat drafts"):
        services.minutes_save(
            actor=tasking_officer, meeting=nttcg_with_attendees, text="Mine.", marking="official"
        )


def test_a_member_who_was_not_there_does_not_amend_circulated_minutes(
    nttcg_with_attendees, secretariat, hmrc_officer
):
    meeting = nttcg_with_attendees
    services.minutes_save(actor=secretariat, meeting=meeting, text="Draft.", marking="official")
    services.minutes_circulate(actor=secretariat, meeting=meeting)
    with pytest.raises(PermissionDenied, match="attendees"):
        services.minutes_save(actor=hmrc_officer, meeting=meeting, text="Mine.", marking="official")


def test_an_attendee_amends_the_text_but_not_the_marking(
    nttcg_with_attendees, secretariat, tasking_officer
):
    meeting = nttcg_with_attendees
    services.minutes_save(actor=secretariat, meeting=meeting, text="Draft.", marking="official")
    services.minutes_circulate(actor=secretariat, meeting=meeting)
    with pytest.raises(ValidationError) as error:
        services.minutes_save(
            actor=tasking_officer, meeting=meeting, text="Draft.", marking="official_sensitive"
        )
    assert "marking" in error.value.message_dict


def test_only_the_chair_approves_the_minutes(nttcg_with_attendees, secretariat, tasking_officer):
    meeting = nttcg_with_attendees
    services.minutes_save(actor=secretariat, meeting=meeting, text="Draft.", marking="official")
    for someone in (secretariat, tasking_officer):
        with pytest.raises(PermissionDenied, match="chair approves"):
            services.minutes_approve(actor=someone, meeting=meeting)


def test_with_no_chair_named_the_dg_chairs_the_nstcg_by_role(secretariat, dg, ddg):
    meeting = started("nstcg")
    services.minutes_save(actor=secretariat, meeting=meeting, text="NSA.", marking="official")
    with pytest.raises(PermissionDenied):
        services.minutes_approve(actor=ddg, meeting=meeting)
    assert services.minutes_approve(actor=dg, meeting=meeting).status == "approved"


def test_draft_minutes_need_text_and_a_started_meeting(secretariat):
    with pytest.raises(ValidationError) as error:
        services.minutes_save(
            actor=secretariat, meeting=started("nttcg"), text="", marking="official"
        )
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError, match="once it has started"):
        services.minutes_save(
            actor=secretariat, meeting=coming("nttcg"), text="Early.", marking="official"
        )


# --- Decisions ----------------------------------------------------------------------------


def test_a_decision_goes_into_the_activity_feed_with_its_marking_and_region(secretariat):
    meeting = started("rttcg-eastern")
    decision = services.decision_record(
        actor=secretariat, meeting=meeting, text="Allocate surveillance to Op Lantern.",
        marking=Marking.OFFICIAL_SENSITIVE,
    )  # fmt: skip
    entry = ActivityEntry.objects.get(source_type="governance.decision", source_id=str(decision.pk))
    assert entry.kind == "governance"
    assert entry.marking == Marking.OFFICIAL_SENSITIVE
    assert entry.organisation.short_name == "ERSOU"
    assert entry.region.code == "eastern"
    assert entry.summary == "RTTCG Eastern decided: Allocate surveillance to Op Lantern."


def test_the_chair_records_decisions_and_a_member_does_not(ddg, tasking_officer):
    member("nttcg", tasking_officer)
    group("nttcg").__class__.objects.filter(slug="nttcg").update(chair=ddg)
    meeting = started("nttcg")
    services.decision_record(actor=ddg, meeting=meeting, text="Agreed.")
    with pytest.raises(PermissionDenied):
        services.decision_record(actor=tasking_officer, meeting=meeting, text="Agreed too.")


def test_a_decision_is_about_an_item_of_its_own_meeting(secretariat):
    elsewhere = services.agenda_item_add(actor=secretariat, meeting=coming("nttcg"), title="Other")
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            actor=secretariat, meeting=started("nttcg"), text="Agreed.", agenda_item=elsewhere
        )
    assert "agenda_item" in error.value.message_dict


def test_an_outcome_belongs_only_to_another_groups_recommendation_or_report(secretariat):
    meeting = started("nttcg")
    item = services.agenda_item_add(actor=secretariat, meeting=meeting, title="Plain item")
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            actor=secretariat, meeting=meeting, text="Yes.", agenda_item=item, outcome="approved"
        )
    assert "outcome" in error.value.message_dict


# --- Actions ------------------------------------------------------------------------------


def test_an_action_has_an_owner_a_due_date_and_is_open_until_done(secretariat, tasking_officer):
    meeting = started("nttcg")
    due = timezone.localdate() + datetime.timedelta(days=14)
    with transaction.atomic():
        action = services.action_create(
            actor=secretariat, meeting=meeting, description="Brief the regions.",
            owner=tasking_officer, due_on=due,
        )  # fmt: skip
    assert (action.status, action.owner, action.due_on) == ("open", tasking_officer, due)
    notification = Notification.objects.get(recipient=tasking_officer)
    assert "“Brief the regions.”" in notification.text
    assert notification.link == f"/governance/actions/{action.pk}/"


def test_the_owner_hears_of_a_secret_action_without_its_detail(secretariat, tasking_officer):
    tasking_officer.email = "tasking@nca.example"
    tasking_officer.save()
    services.action_create(
        actor=secretariat, meeting=started("nttcg"), description="Deploy the covert team.",
        owner=tasking_officer, due_on=timezone.localdate(), marking=Marking.SECRET,
    )  # fmt: skip
    assert emails_send_unsent() == 1
    assert len(mail.outbox) == 1
    assert "covert" not in mail.outbox[0].body
    assert "an action marked SECRET" in mail.outbox[0].body
    assert "covert" not in Notification.objects.get().text


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": ""}, "description"),
        ({"owner": None}, "owner"),
        ({"due_on": None}, "due_on"),
        ({"due_on": datetime.date(2020, 1, 1)}, "due_on"),
        ({"marking": Marking.TOP_SECRET}, "marking"),
    ],
)
def test_a_bad_action_is_refused_naming_the_field(secretariat, tasking_officer, change, field):
    values = {
        "description": "Brief the regions.", "owner": tasking_officer,
        "due_on": timezone.localdate(), **change,
    }  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.action_create(actor=secretariat, meeting=started("nttcg"), **values)
    assert field in error.value.message_dict


def test_an_action_goes_only_to_someone_cleared_to_read_it(secretariat, nca_bpss_analyst):
    with pytest.raises(ValidationError) as error:
        services.action_create(
            actor=secretariat, meeting=started("nttcg"), description="Covert.",
            owner=nca_bpss_analyst, due_on=timezone.localdate(), marking=Marking.SECRET,
        )  # fmt: skip
    assert "could not read this action" in error.value.message_dict["owner"][0]


@pytest.fixture
def action(secretariat, tasking_officer):
    return services.action_create(
        actor=secretariat, meeting=started("nttcg"), description="Brief the regions.",
        owner=tasking_officer, due_on=timezone.localdate() + datetime.timedelta(days=7),
    )  # fmt: skip


def test_the_owner_marks_their_action_done_and_may_reopen_it(action, tasking_officer):
    done = services.action_update(actor=tasking_officer, action=action, status="done")
    assert done.status == "done"
    assert done.completed_at is not None
    reopened = services.action_update(actor=tasking_officer, action=action, status="open")
    assert reopened.status == "open"
    assert reopened.completed_at is None


def test_the_owner_changes_only_the_status(action, tasking_officer):
    with pytest.raises(PermissionDenied, match="changes its status"):
        services.action_update(actor=tasking_officer, action=action, description="Something else")
    with pytest.raises(PermissionDenied, match="cancel"):
        services.action_update(actor=tasking_officer, action=action, status="cancelled")


def test_the_secretariat_and_the_chair_change_an_action(action, secretariat, ddg):
    group("nttcg").__class__.objects.filter(slug="nttcg").update(chair=ddg)
    services.action_update(
        actor=secretariat, action=action, due_on=action.due_on + datetime.timedelta(days=7)
    )
    assert (
        services.action_update(actor=ddg, action=action, status="cancelled").status == "cancelled"
    )


def test_someone_else_does_not_change_an_action(action, analyst_hub_member):
    with pytest.raises(PermissionDenied):
        services.action_update(actor=analyst_hub_member, action=action, status="done")


@pytest.fixture
def analyst_hub_member(db):
    someone = person("hub-analyst", "National Intelligence Hub", Role.ANALYST)
    member("nttcg", someone)
    return someone


def test_a_new_owner_is_told(action, secretariat, hmrc_officer):
    services.action_update(actor=secretariat, action=action, owner=hmrc_officer)
    assert Notification.objects.filter(
        recipient=hmrc_officer, text__startswith="You now own"
    ).exists()


# --- Cancelling ---------------------------------------------------------------------------


def test_a_cancelled_meetings_open_items_move_to_the_next_meeting(secretariat):
    first, second = coming("nttcg", days=7), coming("nttcg", days=90)
    item = services.agenda_item_add(actor=secretariat, meeting=first, title="Carry me")
    services.meeting_cancel(actor=secretariat, meeting=first, reason="The chair is abroad.")
    first.refresh_from_db()
    item.refresh_from_db()
    assert (first.status, first.cancelled_reason) == ("cancelled", "The chair is abroad.")
    assert item.meeting == second


def test_a_meeting_that_has_started_is_not_cancelled_and_a_reason_is_needed(secretariat):
    with pytest.raises(ValidationError, match="already started"):
        services.meeting_cancel(actor=secretariat, meeting=started("nttcg"), reason="Late.")
    with pytest.raises(ValidationError) as error:
        services.meeting_cancel(actor=secretariat, meeting=coming("nttcg"), reason="")
    assert "reason" in error.value.message_dict


def test_nothing_is_added_to_a_cancelled_meeting(secretariat):
    meeting = coming("nttcg")
    coming("nttcg", days=90)
    services.meeting_cancel(actor=secretariat, meeting=meeting, reason="No quorum.")
    with pytest.raises(ValidationError, match="cancelled"):
        services.agenda_item_add(actor=secretariat, meeting=meeting, title="Late item")


# --- Cadences and members -----------------------------------------------------------------


def test_the_secretariat_changes_a_cadence_the_documents_leave_open(secretariat):
    rttcg = group("rttcg-eastern")
    now = timezone.now()
    services.meetings_plan(
        until=timezone.localdate() + datetime.timedelta(days=120), groups=[rttcg]
    )
    old = list(rttcg.meetings.filter(starts_at__gt=now).order_by("starts_at"))
    item = services.agenda_item_add(actor=secretariat, meeting=old[0], title="Regional threats")
    services.cadence_update(
        actor=secretariat, cadence=rttcg.cadence, unit="week", interval=2,
        anchor=timezone.localdate() + datetime.timedelta(days=3), time_of_day=datetime.time(14),
        duration_minutes=90, working_days_only=True, location="ERSOU", now=now,
    )  # fmt: skip
    rttcg.cadence.refresh_from_db()
    assert (rttcg.cadence.unit, rttcg.cadence.interval) == ("week", 2)
    scheduled = rttcg.meetings.filter(status="scheduled", starts_at__gt=now).order_by("starts_at")
    assert {timezone.localtime(m.starts_at).time() for m in scheduled} == {datetime.time(14)}
    assert all(m.status == "cancelled" for m in Meeting.objects.filter(pk__in=[m.pk for m in old]))
    item.refresh_from_db()
    assert item.meeting == scheduled.first()


def test_a_cadence_the_documents_state_is_not_changed_in_the_portal(secretariat):
    nttcg = group("nttcg")
    with pytest.raises(ValidationError, match="not a setting"):
        services.cadence_update(
            actor=secretariat, cadence=nttcg.cadence, unit="month", interval=1,
            anchor=datetime.date(2027, 1, 1), time_of_day=datetime.time(10),
            duration_minutes=60, working_days_only=True,
        )  # fmt: skip


def test_only_the_secretariat_changes_a_cadence(tasking_officer):
    with pytest.raises(PermissionDenied):
        services.cadence_update(
            actor=tasking_officer, cadence=group("rttcg-eastern").cadence, unit="month",
            interval=1, anchor=datetime.date(2027, 1, 1), time_of_day=datetime.time(10),
            duration_minutes=60, working_days_only=True,
        )  # fmt: skip


def test_the_secretariat_keeps_the_members_and_names_each_once(secretariat, kent_chief_officer):
    rttcg = group("rttcg-eastern")
    services.membership_add(actor=secretariat, group=rttcg, person=kent_chief_officer)
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_add(actor=secretariat, group=rttcg, person=kent_chief_officer)
    services.membership_remove(actor=secretariat, group=rttcg, person=kent_chief_officer)
    assert not rttcg.memberships.exists()


def test_the_nstcgs_chair_is_the_director_general(secretariat, dg, ddg):
    nstcg = group("nstcg")
    with pytest.raises(ValidationError) as error:
        services.group_set_chair(actor=secretariat, group=nstcg, chair=ddg)
    assert "is not the Director General" in error.value.message_dict["chair"][0]
    assert services.group_set_chair(actor=secretariat, group=nstcg, chair=dg).chair == dg


def test_a_person_who_left_is_not_added(secretariat):
    leaver = person("leaver", NCA, Role.ANALYST, clearance=Clearance.SC, is_active=False)
    with pytest.raises(ValidationError, match="no longer has an active account"):
        services.membership_add(actor=secretariat, group=group("ntig"), person=leaver)
