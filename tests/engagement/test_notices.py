import datetime
import logging
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import PeriodicTask

from activity.models import ActivityEntry
from directory.choices import Marking
from engagement import services
from engagement.models import EngagementSettings, PccNotice
from notifications import services as notifications
from notifications.choices import Kind
from notifications.models import Notification, OutboxEmail
from tests.celery_broker import broker, free_port
from tests.conftest import VerifiedAPIClient, person
from tests.engagement.conftest import delivered_notice, issue
from tests.factories import organisation

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def api():
    return VerifiedAPIClient()


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def on(moment):
    """Run the block as if it were `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


# --- delivery: in the direction's transaction; its e-mail through the outbox -------------


def test_a_notice_is_in_the_pcc_office_inbox_when_the_direction_is_issued(api, dg, kent_pcc_office):
    notice = issue(dg).pcc_notice
    api.force_authenticate(kent_pcc_office)
    body = api.get(f"/api/pcc-notices/{notice.pk}/").json()
    assert body["direction"] == notice.direction_id
    assert body["governing_body"] == organisation("Police and Crime Commissioner for Kent").pk
    assert body["delivered_at"] is not None
    assert body["acknowledged_at"] is None
    assert Notification.objects.get(recipient=kent_pcc_office).kind == Kind.PCC_NOTICE


def test_delivery_emails_each_pcc_office_user_of_the_body_once(
    dg, kent_pcc_office, kent_pcc_colleague, essex_pcc_office, mailoutbox
):
    kent_pcc_office.email = "office@kent-pcc.example"
    kent_pcc_office.save()
    person("kent-pcc-gone", "Police and Crime Commissioner for Kent", "pcc_office",
           email="gone@kent-pcc.example", is_active=False)  # fmt: skip
    notice = issue(dg).pcc_notice
    assert notifications.emails_send_unsent() == 2
    assert notifications.emails_send_unsent() == 0
    assert sorted(email.to[0] for email in mailoutbox) == [
        "colleague@kent-pcc.example",
        "office@kent-pcc.example",
    ]
    assert mailoutbox[0].subject == (
        f"NCA portal: Notice of a directed tasking concerning Kent Police ({notice.reference})"
    )
    # The e-mail says a notice awaits, never what the direction says.
    assert "surveillance" not in mailoutbox[0].body.lower()
    assert "acknowledge it by" in mailoutbox[0].body


def test_a_failed_email_is_retried_without_repeating_those_already_sent(
    dg, kent_pcc_office, kent_pcc_colleague, mailoutbox
):
    kent_pcc_office.email = "office@kent-pcc.example"
    kent_pcc_office.save()
    issue(dg)
    real_send = notifications.EmailMessage.send
    calls = []

    def flaky(email, *args, **kwargs):
        calls.append(email.to[0])
        if len(calls) == 2:
            raise ConnectionError("SMTP unavailable")
        return real_send(email, *args, **kwargs)

    with mock.patch.object(notifications.EmailMessage, "send", flaky):
        assert notifications.emails_send_unsent() == 1
    [failed] = OutboxEmail.objects.filter(sent_at__isnull=True)
    assert failed.attempts == 1
    assert "SMTP unavailable" in failed.last_error
    assert notifications.emails_send_unsent() == 1
    assert len(mailoutbox) == 2
    assert len({email.to[0] for email in mailoutbox}) == 2


def test_if_the_broker_is_down_the_direction_still_commits_and_the_sweeper_emails_it(
    dg, kent_pcc_office, django_capture_on_commit_callbacks, caplog, mailoutbox
):
    kent_pcc_office.email = "office@kent-pcc.example"
    kent_pcc_office.save()
    dead = f"redis://127.0.0.1:{free_port()}/0"
    with (
        broker(dead),
        caplog.at_level(logging.WARNING, logger="directory.queueing"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        direction = issue(dg)
    assert len(callbacks) == 1
    assert "could not be queued: the sweeper sends them" in caplog.text
    notice = PccNotice.objects.get(direction=direction)
    assert notice.delivered_at is not None
    assert mailoutbox == []
    call_command("deliver_notices", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [email.to for email in mailoutbox] == [["office@kent-pcc.example"]]


def test_the_sweeper_and_escalation_are_scheduled_once_however_often_data_loads():
    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_reference_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sweeper = PeriodicTask.objects.get(task="notifications.tasks.send_unsent_emails")
    escalation = PeriodicTask.objects.get(task="engagement.tasks.escalate_overdue_notices")
    assert (sweeper.crontab.minute, sweeper.crontab.hour, str(sweeper.crontab.timezone)) == (
        "*", "*", "Europe/London",
    )  # fmt: skip
    assert (escalation.crontab.minute, escalation.crontab.hour) == ("0", "6")


# --- isolation between PCC bodies ------------------------------------------------------


def test_kents_office_never_sees_essexs_notice_and_essex_never_kents(
    api, client, dg, kent_pcc_office, essex_pcc_office
):
    kent = delivered_notice(dg)
    essex = delivered_notice(dg, "Essex Police")
    for office, own, other in ((kent_pcc_office, kent, essex), (essex_pcc_office, essex, kent)):
        api.force_authenticate(office)
        listed = api.get("/api/pcc-notices/").json()
        assert (listed["count"], [row["id"] for row in listed["results"]]) == (1, [own.pk])
        assert api.get(f"/api/pcc-notices/{other.pk}/").status_code == 404
        assert api.post(f"/api/pcc-notices/{other.pk}/acknowledge/").status_code == 404
        client.force_login(office)
        assert client.get(f"/engagement/notices/{other.pk}/").status_code == 404
        page = client.get("/engagement/notices/").content.decode()
        assert own.reference in page
        assert other.reference not in page
        assert "1 notice" in page
        home = client.get("/").content.decode()
        assert own.reference in home
        assert other.reference not in home


def test_a_notice_of_a_secret_direction_keeps_its_terms_from_the_pcc(dg, kent_pcc_office, api):
    notice = delivered_notice(dg, marking=Marking.SECRET)
    assert notice.marking == Marking.OFFICIAL
    assert "surveillance" not in notice.text.lower()
    assert "marked SECRET" in notice.text
    api.force_authenticate(kent_pcc_office)  # BPSS: reads up to OFFICIAL-SENSITIVE
    assert api.get(f"/api/pcc-notices/{notice.pk}/").status_code == 200


def test_kents_chief_officer_sees_the_notices_about_kent(api, dg, kent_chief_officer):
    kent = delivered_notice(dg)
    essex = delivered_notice(dg, "Essex Police")
    api.force_authenticate(kent_chief_officer)
    assert [row["id"] for row in api.get("/api/pcc-notices/").json()["results"]] == [kent.pk]
    assert api.get(f"/api/pcc-notices/{essex.pk}/").status_code == 404


# --- acknowledgement -------------------------------------------------------------------


def test_the_pcc_office_acknowledges_a_notice_once(api, dg, kent_pcc_office):
    notice = delivered_notice(dg)
    api.force_authenticate(kent_pcc_office)
    response = api.post(f"/api/pcc-notices/{notice.pk}/acknowledge/")
    assert response.status_code == 200
    assert response.json()["acknowledged_at"] is not None
    assert response.json()["acknowledged_by"] == kent_pcc_office.pk
    again = api.post(f"/api/pcc-notices/{notice.pk}/acknowledge/")
    assert again.status_code == 400
    assert "was already acknowledged by" in again.json()["errors"]["acknowledged_at"][0]


def test_nobody_but_the_pcc_office_acknowledges(api, dg, kent_chief_officer):
    notice = delivered_notice(dg)
    for reader in (dg, kent_chief_officer):
        api.force_authenticate(reader)
        assert api.post(f"/api/pcc-notices/{notice.pk}/acknowledge/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.pcc_notice_acknowledge(actor=dg, notice=notice)


def test_the_pcc_office_acknowledges_in_the_browser(client, dg, kent_pcc_office):
    notice = delivered_notice(dg)
    client.force_login(kent_pcc_office)
    page = client.get(f"/engagement/notices/{notice.pk}/").content.decode()
    assert "Acknowledge this notice" in page
    response = client.post(f"/engagement/notices/{notice.pk}/acknowledge/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f"You acknowledged {notice.reference}." in page
    assert "Acknowledge this notice" not in page
    again = client.post(f"/engagement/notices/{notice.pk}/acknowledge/")
    assert again.status_code == 400
    assert "There is a problem" in again.content.decode()


# --- escalation after working days ------------------------------------------------------


def delivered_at(moment, dg):
    with on(moment):
        return issue(dg).pcc_notice


def test_a_notice_delivered_before_easter_escalates_after_two_working_days(
    dg, kent_pcc_office, mailoutbox
):
    notice = delivered_at(at(2025, 4, 17), dg)  # Maundy Thursday
    assert notice.acknowledgement_due_on == datetime.date(2025, 4, 23)
    for day in (18, 19, 20, 21, 22, 23):  # Good Friday, the weekend, Easter Monday, Tue, Wed
        assert services.notices_escalate_overdue(today=datetime.date(2025, 4, day)) == 0
    with on(at(2025, 4, 24, 6)):
        assert services.notices_escalate_overdue(today=datetime.date(2025, 4, 24)) == 1
    notice.refresh_from_db()
    assert notice.escalated_at is not None
    assert services.notices_escalate_overdue(today=datetime.date(2025, 4, 25)) == 0


def test_a_notice_delivered_on_a_friday_escalates_after_the_weekend(dg):
    notice = delivered_at(at(2026, 3, 6), dg)  # Friday
    assert notice.acknowledgement_due_on == datetime.date(2026, 3, 10)  # Tuesday
    assert services.notices_escalate_overdue(today=datetime.date(2026, 3, 10)) == 0
    assert services.notices_escalate_overdue(today=datetime.date(2026, 3, 11)) == 1


def test_an_escalation_emails_the_director_general_once_and_is_in_the_feed(dg, mailoutbox):
    dg.email = "dg@nca.example"
    dg.save()
    notice = delivered_at(at(2026, 3, 6), dg)
    mailoutbox.clear()
    services.notices_escalate_overdue(today=datetime.date(2026, 3, 11))
    services.notices_escalate_overdue(today=datetime.date(2026, 3, 12))
    notifications.emails_send_unsent()
    assert [email.to for email in mailoutbox] == [["dg@nca.example"]]
    assert "not acknowledged" in mailoutbox[0].subject
    assert Notification.objects.get(recipient=dg).kind == Kind.PCC_NOTICE_OVERDUE
    entry = ActivityEntry.objects.get(source_type="engagement.pccnotice", source_id=str(notice.pk))
    assert entry.urgent


def test_an_acknowledged_notice_is_never_escalated(dg, kent_pcc_office):
    notice = delivered_at(at(2026, 3, 6), dg)
    services.pcc_notice_acknowledge(actor=kent_pcc_office, notice=notice)
    assert services.notices_escalate_overdue(today=datetime.date(2026, 4, 1)) == 0


def test_the_number_of_working_days_is_a_setting(dg):
    EngagementSettings.objects.filter(pk=1).update(acknowledgement_working_days=5)
    notice = delivered_at(at(2026, 3, 6), dg)
    assert notice.acknowledgement_due_on == datetime.date(2026, 3, 13)


def test_escalated_notices_show_on_the_dgs_dashboard_and_not_once_acknowledged(
    client, dg, kent_pcc_office, tasking_officer
):
    notice = delivered_at(at(2026, 3, 6), dg)
    services.notices_escalate_overdue(today=datetime.date(2026, 3, 11))
    escalated = "to PCCs escalated to the Director General&#x27;s office"
    for reader, listed in ((dg, True), (tasking_officer, False)):
        client.force_login(reader)
        page = client.get("/").content.decode()
        assert f"<strong>1</strong> notice {escalated}" in page
        assert (notice.reference in page) is listed  # the DG's office acts on it
    services.pcc_notice_acknowledge(actor=kent_pcc_office, notice=notice)
    client.force_login(dg)
    page = client.get("/").content.decode()
    assert notice.reference not in page
    assert f"<strong>0</strong> notices {escalated}" in page


def test_the_escalation_task_and_the_command_run_the_same_service(dg):
    from engagement.tasks import escalate_overdue_notices

    delivered_at(at(2026, 3, 6), dg)
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 3, 11)):
        assert escalate_overdue_notices() == 1
        call_command("deliver_notices", "--escalate", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert PccNotice.objects.filter(escalated_at__isnull=False).count() == 1


# --- lists keep a constant number of queries -------------------------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


# One of them writes the response's entry in the access log (issue 9 §5).
@pytest.mark.parametrize(
    ("path", "expected"), [("/engagement/notices/", 5), ("/api/pcc-notices/", 5)]
)
def test_the_notice_lists_keep_a_constant_number_of_queries(
    client, dg, kent_pcc_office, path, expected
):
    delivered_notice(dg)
    client.force_login(kent_pcc_office)
    client.get(path)
    assert _queries(client, path) == expected
    for _ in range(6):
        delivered_notice(dg)
        delivered_notice(dg, "Essex Police")
    assert _queries(client, path) == expected
