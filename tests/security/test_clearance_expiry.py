"""Clearances expire (issue 9 §3): past the review date a person sees nothing above
OFFICIAL until it is renewed, their API tokens end, and they, their line manager and the
portal administrators are told ahead of time, once."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from rest_framework.test import APIClient

from directory.choices import Marking, Role, TokenEnd
from directory.models import ApiToken, ClearanceReviewReminder, ContactPoint
from directory.rules import check_marking_within_clearance, clearance_in_force
from directory.services import (
    api_token_issue,
    clearance_reviews_remind,
    credentials_purge_expired,
    user_account_save,
)
from directory.tasks import remind_clearance_reviews
from notifications.models import Notification
from notifications.services import emails_send_unsent
from tests.conftest import person
from tests.factories import ContactPointFactory, fresh_recovery_code, organisation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def review_on(user, day):
    user.clearance_review_on = day
    user.save()
    return user


@pytest.fixture
def nca_routes():
    nca = organisation("National Crime Agency")
    return {
        marking: ContactPointFactory(organisation=nca, marking=marking)
        for marking in [Marking.OFFICIAL, Marking.OFFICIAL_SENSITIVE, Marking.SECRET]
    }


def test_a_clearance_is_in_force_on_its_review_date_and_not_the_day_after(tasking_officer):
    review_on(tasking_officer, TODAY)
    assert clearance_in_force(tasking_officer, TODAY)
    assert not clearance_in_force(tasking_officer, TODAY + DAY)


def test_everyone_has_a_review_date_a_new_person_a_year_out(tasking_officer):
    assert tasking_officer.clearance_review_on == TODAY + datetime.timedelta(days=365)


def test_past_the_review_date_the_tasking_officer_sees_official_only(tasking_officer, nca_routes):
    visible = ContactPoint.objects.restrict(tasking_officer)
    assert set(visible.values_list("marking", flat=True)) == set(nca_routes)
    review_on(tasking_officer, TODAY - DAY)
    visible = ContactPoint.objects.restrict(tasking_officer)
    assert list(visible.values_list("marking", flat=True)) == [Marking.OFFICIAL]


def test_a_lapsed_clearance_hides_marked_records_over_the_api_too(
    client, tasking_officer, nca_routes
):
    review_on(tasking_officer, TODAY - DAY)
    client.force_login(tasking_officer)
    secret = nca_routes[Marking.SECRET]
    assert client.get(f"/api/contact-points/{secret.pk}/").status_code == 404
    assert "records marked OFFICIAL only" in client.get("/").content.decode()


def test_renewing_the_review_date_restores_what_the_clearance_allows(tasking_officer, nca_routes):
    review_on(tasking_officer, TODAY - DAY)
    review_on(tasking_officer, TODAY + 365 * DAY)
    assert ContactPoint.objects.restrict(tasking_officer).count() == len(nca_routes)


def test_past_the_review_date_nobody_marks_a_record_above_official(tasking_officer):
    check_marking_within_clearance(tasking_officer, Marking.SECRET)
    review_on(tasking_officer, TODAY - DAY)
    check_marking_within_clearance(tasking_officer, Marking.OFFICIAL)
    with pytest.raises(ValidationError, match="due for review") as refused:
        check_marking_within_clearance(tasking_officer, Marking.OFFICIAL_SENSITIVE)
    assert "marking" in refused.value.message_dict


def test_tokens_end_when_the_clearance_lapses(tasking_officer):
    _, key = api_token_issue(actor=tasking_officer, name="Scripts")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/me/").status_code == 200
    review_on(tasking_officer, TODAY - DAY)
    assert api.get("/api/me/").status_code == 401
    assert ApiToken.objects.get().ended_because == TokenEnd.CLEARANCE_LAPSED
    review_on(tasking_officer, TODAY + 365 * DAY)
    assert api.get("/api/me/").status_code == 401  # ended, not paused


def test_the_nightly_purge_ends_the_tokens_of_lapsed_clearances_unused(tasking_officer, dg):
    api_token_issue(actor=tasking_officer, name="Scripts")
    api_token_issue(actor=dg, name="Scripts")
    review_on(tasking_officer, TODAY - DAY)
    credentials_purge_expired()
    assert list(ApiToken.objects.values_list("user", flat=True)) == [dg.pk]


def test_no_new_token_while_the_clearance_has_lapsed(tasking_officer):
    review_on(tasking_officer, TODAY - DAY)
    data = {
        "username": "tasking",
        "password": "A-long-test-passphrase-1",
        "otp": fresh_recovery_code(tasking_officer),
    }
    response = APIClient().post("/api/auth/token/", data, format="json")
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


@pytest.fixture
def analyst_due_in_twenty_days(tasking_officer, portal_admin):
    tasking_officer.email = "tom.ashworth@nca.example"
    tasking_officer.save()
    portal_admin.email = "alex.morgan@nca.example"
    portal_admin.save()
    analyst = person(
        "analyst",
        "National Intelligence Hub",
        Role.ANALYST,
        email="amira.nasser@nca.example",
        line_manager=tasking_officer,
    )
    return review_on(analyst, TODAY + 20 * DAY)


def test_the_person_their_manager_and_the_administrators_are_told_ahead_once(
    analyst_due_in_twenty_days,
):
    assert clearance_reviews_remind() == 1
    assert clearance_reviews_remind() == 0
    assert emails_send_unsent() == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alex.morgan@nca.example",
        "amira.nasser@nca.example",
        "tom.ashworth@nca.example",
    ]
    for message in mail.outbox:
        assert "is due for review on" in message.body
        # Names and dates only: no clearance level, nothing marked.
        for word in ["SECRET", "OFFICIAL-SENSITIVE", "SC", "DV"]:
            assert word not in message.body.split()
    assert Notification.objects.filter(kind="clearance_review").count() == 3


def test_a_new_review_date_is_told_again(analyst_due_in_twenty_days):
    clearance_reviews_remind()
    review_on(analyst_due_in_twenty_days, TODAY + 10 * DAY)
    clearance_reviews_remind()
    assert emails_send_unsent() == 6
    assert ClearanceReviewReminder.objects.count() == 2


def test_nobody_is_told_of_a_review_beyond_the_notice_period(analyst_due_in_twenty_days, settings):
    settings.CLEARANCE_REVIEW_NOTICE = datetime.timedelta(days=14)
    assert clearance_reviews_remind() == 0
    assert not Notification.objects.exists()


def test_a_review_passed_unannounced_is_told_as_overdue(analyst_due_in_twenty_days):
    review_on(analyst_due_in_twenty_days, TODAY - DAY)
    clearance_reviews_remind()
    emails_send_unsent()
    assert "overdue" in mail.outbox[0].subject


def test_without_a_line_manager_the_administrators_are_told(portal_admin):
    portal_admin.email = "alex.morgan@nca.example"
    portal_admin.save()
    hmrc = person("hmrc", "HM Revenue and Customs", Role.PARTNER_OFFICER)
    review_on(hmrc, TODAY + DAY)
    clearance_reviews_remind()
    emails_send_unsent()
    assert [message.to for message in mail.outbox] == [["alex.morgan@nca.example"]]
    [told] = Notification.objects.filter(recipient=portal_admin)
    assert told.link == f"/admin/directory/user/{hmrc.pk}/change/"


def test_a_refused_mail_is_tried_again_by_the_sweeper(analyst_due_in_twenty_days, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    assert clearance_reviews_remind() == 1
    assert emails_send_unsent() == 0
    assert ClearanceReviewReminder.objects.count() == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert clearance_reviews_remind() == 0
    assert emails_send_unsent() == 3


def test_beat_runs_the_reminders_daily_and_the_task_calls_the_service(
    analyst_due_in_twenty_days,
):
    call_command("load_reference_data")
    call_command("load_reference_data")
    task = PeriodicTask.objects.get(task="directory.tasks.remind_clearance_reviews")
    assert (task.crontab.hour, task.crontab.minute) == ("7", "0")
    assert remind_clearance_reviews.apply().get() == 1
    assert emails_send_unsent() == 3


# --- renewing a review date, and deactivating an account --------------------------------


def account_form(person, **changes):
    """What the admin site's page for `person` posts, with `changes`."""
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "is_active": "on" if person.is_active else "",
        "clearance_review_on": person.clearance_review_on.isoformat(),
        "line_manager": person.line_manager_id or "",
        **changes,
    }
    return {key: value for key, value in data.items() if value != ""}


def test_an_administrator_renews_a_lapsed_clearance_and_the_person_sees_again(
    client, portal_admin, nca_routes
):
    analyst = review_on(person("lapsed", "National Crime Agency", Role.ANALYST), TODAY - DAY)
    assert not ContactPoint.objects.restrict(analyst).filter(marking=Marking.SECRET).exists()
    client.force_login(portal_admin)
    renewed = (TODAY + 365 * DAY).isoformat()
    response = client.post(
        f"/admin/directory/user/{analyst.pk}/change/",
        account_form(analyst, clearance_review_on=renewed),
    )
    assert response.status_code == 302
    analyst.refresh_from_db()
    assert analyst.clearance_review_on.isoformat() == renewed
    assert ContactPoint.objects.restrict(analyst).filter(marking=Marking.SECRET).exists()


def test_an_administrator_does_not_renew_their_own_clearance(client, portal_admin):
    review_on(portal_admin, TODAY + 10 * DAY)
    client.force_login(portal_admin)
    page = client.get(f"/admin/directory/user/{portal_admin.pk}/change/").content.decode()
    assert 'name="clearance_review_on"' not in page
    assert 'name="is_active"' not in page
    client.post(
        f"/admin/directory/user/{portal_admin.pk}/change/",
        account_form(portal_admin, clearance_review_on=(TODAY + 999 * DAY).isoformat()),
    )
    portal_admin.refresh_from_db()
    assert portal_admin.clearance_review_on == TODAY + 10 * DAY
    with pytest.raises(ValidationError, match="your own roles or clearance"):
        user_account_save(actor=portal_admin, person=portal_admin, changed=["clearance_review_on"])


def test_nobody_is_their_own_line_manager(client, portal_admin, kent_officer):
    client.force_login(portal_admin)
    response = client.post(
        f"/admin/directory/user/{kent_officer.pk}/change/",
        account_form(kent_officer, line_manager=kent_officer.pk),
    )
    assert response.status_code == 200
    assert "nobody is their own line manager" in response.content.decode()
    kent_officer.refresh_from_db()
    assert kent_officer.line_manager is None


def test_deactivating_an_account_ends_its_tokens_at_once(client, portal_admin, kent_officer):
    token, key = api_token_issue(actor=kent_officer, name="Kent scripts")
    client.force_login(portal_admin)
    response = client.post(
        f"/admin/directory/user/{kent_officer.pk}/change/",
        account_form(kent_officer, is_active=""),
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.ended_because == TokenEnd.DEACTIVATED
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/me/").status_code == 401
