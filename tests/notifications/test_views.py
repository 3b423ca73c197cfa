"""The notifications page, the header's unread count, the preferences page and the API:
each person sees their own notifications only; another's does not exist for them."""

import pytest
from django.db import transaction

from directory.choices import Marking
from notifications import services
from notifications.choices import Delivery, Kind
from notifications.models import Notification, Preference
from tests.conftest import VerifiedAPIClient

pytestmark = pytest.mark.django_db


def tell(person, text="The NTTCG gave you action 7, due 9 December 2026.", **overrides):
    values = {"kind": Kind.ACTION_GIVEN, "link": "/governance/actions/7/", **overrides}
    with transaction.atomic():
        return services.notify([person], text=text, **values)[0]


@pytest.fixture
def api(kent_pcc):
    client = VerifiedAPIClient()
    client.force_login(kent_pcc)
    return client


# --- the page and the header ---------------------------------------------------------------


def test_the_page_lists_a_persons_own_newest_first_with_the_unread_marked(
    client, kent_pcc, essex_pcc
):
    tell(kent_pcc, "First for Kent")
    read = tell(kent_pcc, "Second for Kent")
    services.notification_mark_read(actor=kent_pcc, notification=read)
    tell(essex_pcc, "For Essex only")
    client.force_login(kent_pcc)
    page = client.get("/notifications/").content.decode()
    assert page.index("Second for Kent") < page.index("First for Kent")
    assert "For Essex only" not in page
    assert page.count(">Unread</strong>") == 1
    assert "2 notifications, 1 unread" in page


def test_every_page_shows_the_unread_count_in_its_header(client, kent_pcc):
    tell(kent_pcc)
    tell(kent_pcc)
    client.force_login(kent_pcc)
    page = client.get("/").content.decode()
    assert '<strong class="portal-header__count">2</strong>' in page


def test_marking_one_and_then_all_as_read(client, kent_pcc):
    first, second, third = tell(kent_pcc), tell(kent_pcc), tell(kent_pcc)
    client.force_login(kent_pcc)
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 302
    assert list(Notification.objects.filter(read_at__isnull=True)) == [third, second]
    assert client.post("/notifications/read/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    page = client.get("/").content.decode()
    assert '<strong class="portal-header__count">0</strong>' in page


def test_another_persons_notification_cannot_be_marked_read(client, kent_pcc, essex_pcc):
    essex = tell(essex_pcc)
    client.force_login(kent_pcc)
    assert client.post(f"/notifications/{essex.pk}/read/").status_code == 404
    assert client.get(f"/notifications/{essex.pk}/read/").status_code == 405
    essex.refresh_from_db()
    assert essex.read_at is None


def test_a_reader_not_cleared_for_the_marking_sees_only_a_generic_line(client, kent_pcc):
    tell(kent_pcc, "Operation Kestrel is secret", marking=Marking.SECRET)
    client.force_login(kent_pcc)  # BPSS: up to OFFICIAL-SENSITIVE
    page = client.get("/notifications/").content.decode()
    assert "Kestrel" not in page
    assert "There is something new for you in the NCA portal." in page
    assert 'href="/governance/actions/7/"' in page


def test_the_page_keeps_a_constant_number_of_queries(client, kent_pcc, django_assert_num_queries):
    client.force_login(kent_pcc)
    client.get("/notifications/")  # the session, the device and the content types warm
    for _ in range(30):
        tell(kent_pcc)
    # user (with its unread count), second factor, the count, the page; the session is
    # read from the cache
    with django_assert_num_queries(4):
        assert client.get("/notifications/").status_code == 200
    with django_assert_num_queries(4):
        assert client.get("/notifications/?page=2").status_code == 200


# --- preferences ---------------------------------------------------------------------------


def test_preferences_offer_every_kind_but_the_statutory_notices(client, kent_pcc):
    client.force_login(kent_pcc)
    page = client.get("/notifications/settings/").content.decode()
    assert 'name="action_given"' in page
    assert 'name="minutes_circulated"' in page
    assert 'name="pcc_notice"' not in page
    assert 'name="pcc_notice_overdue"' not in page
    assert "always e-mailed at once" in page


def test_choosing_the_digest_is_saved(client, kent_pcc):
    client.force_login(kent_pcc)
    choices = {kind: Delivery.AT_ONCE for kind in Kind.values if not kind.startswith("pcc")}
    choices[Kind.MINUTES_CIRCULATED] = Delivery.PORTAL_ONLY
    response = client.post("/notifications/settings/", choices)
    assert response.status_code == 302
    assert Preference.objects.get(person=kent_pcc, kind=Kind.MINUTES_CIRCULATED).delivery == (
        Delivery.PORTAL_ONLY
    )
    assert not Preference.objects.filter(kind__startswith="pcc").exists()


def test_a_choice_not_offered_is_a_form_error_naming_the_kind(client, kent_pcc):
    client.force_login(kent_pcc)
    response = client.post("/notifications/settings/", {Kind.ACTION_GIVEN: "by_pigeon"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Choose how “A governance action is given to you” reaches you, from the list." in page
    assert not Preference.objects.exists()


# --- the API -------------------------------------------------------------------------------


def test_the_api_lists_a_persons_own_newest_first(api, kent_pcc, essex_pcc):
    older, newer = tell(kent_pcc, "Older"), tell(kent_pcc, "Newer")
    tell(essex_pcc, "For Essex")
    body = api.get("/api/notifications/").json()
    assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]
    assert set(body["results"][0]) == {"id", "kind", "text", "link", "created_at", "read_at"}
    assert body["results"][0]["text"] == "Newer"


def test_the_api_lists_only_the_unread_when_asked_and_marks_one_read(api, kent_pcc):
    first, second = tell(kent_pcc), tell(kent_pcc)
    response = api.post(f"/api/notifications/{first.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    unread = api.get("/api/notifications/?unread=true").json()["results"]
    assert [row["id"] for row in unread] == [second.pk]
    assert api.get("/api/notifications/?unread=perhaps").status_code == 400


def test_another_persons_notification_answers_404_in_the_api(api, essex_pcc):
    essex = tell(essex_pcc)
    assert api.get(f"/api/notifications/{essex.pk}/").status_code == 404
    assert api.post(f"/api/notifications/{essex.pk}/read/").status_code == 404
    essex.refresh_from_db()
    assert essex.read_at is None
