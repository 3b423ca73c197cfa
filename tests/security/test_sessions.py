"""Sessions end after 30 minutes idle and 8 hours in all, both settings; authenticated
pages and API responses carry Cache-Control: no-store (issue 9 §3)."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from directory.choices import TokenEnd
from directory.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from directory.services import api_token_issue, credentials_end_all
from tests.conftest import VerifiedClient
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

MINUTE = 60


def signed_in(client, user, *, signed_in_ago=0, last_seen_ago=0):
    client.force_login(user)
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now - signed_in_ago
    session[LAST_SEEN_AT] = now - last_seen_ago
    session.save()
    return client


def test_a_session_used_within_thirty_minutes_goes_on(client, kent_officer):
    signed_in(client, kent_officer, signed_in_ago=60 * MINUTE, last_seen_ago=29 * MINUTE)
    assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN_AT] == pytest.approx(time.time(), abs=5)


def test_a_session_idle_for_thirty_minutes_ends_and_says_why(client, kent_officer):
    signed_in(client, kent_officer, last_seen_ago=30 * MINUTE)
    page = client.get("/directory/?kind=rocu").content.decode()
    assert "you had not used the portal for 30 minutes" in page
    assert 'href="/sign-in/?next=%2Fdirectory%2F%3Fkind%3Drocu"' in page
    assert client.get("/").status_code == 302  # signed out, not only turned away once


def test_a_session_ends_after_eight_hours_however_busy(client, kent_officer):
    signed_in(client, kent_officer, signed_in_ago=8 * 60 * MINUTE, last_seen_ago=MINUTE)
    assert "you had been signed in for 8 hours" in client.get("/").content.decode()
    assert client.get("/").status_code == 302


def test_the_limits_are_settings(client, kent_officer, settings):
    settings.SESSION_IDLE_TIMEOUT = datetime.timedelta(minutes=5)
    signed_in(client, kent_officer, last_seen_ago=6 * MINUTE)
    assert "for 5 minutes" in client.get("/").content.decode()
    settings.SESSION_MAX_AGE = datetime.timedelta(hours=12)
    signed_in(client, kent_officer, signed_in_ago=10 * 60 * MINUTE)
    assert client.get("/").status_code == 200


def test_an_idle_session_over_the_api_ends_too(kent_officer):
    api = signed_in(APIClient(), kent_officer, last_seen_ago=31 * MINUTE)
    assert api.get("/api/me/").status_code in (401, 403)


def test_a_sign_in_starts_both_clocks(client, kent_officer):
    client.post("/sign-in/", {"username": "kent-officer", "password": PASSWORD})
    client.get("/")
    assert client.session[SIGNED_IN_AT] == pytest.approx(time.time(), abs=5)


def test_signed_in_pages_are_never_stored(client, kent_officer):
    client.force_login(kent_officer)
    for path in ["/", "/directory/", "/account/tokens/", "/directory/999999/"]:
        assert "no-store" in client.get(path)["Cache-Control"], path


def test_api_responses_are_never_stored_token_or_not(kent_officer):
    _, key = api_token_issue(actor=kent_officer, name="Scripts")
    api = APIClient()
    assert "no-store" in api.get("/api/me/")["Cache-Control"]  # 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert "no-store" in api.get("/api/organisations/")["Cache-Control"]


def test_a_password_change_keeps_this_browser_and_ends_the_others(client, kent_officer):
    other_browser = APIClient()
    other_browser.force_login(kent_officer)
    client.force_login(kent_officer)
    new = "three random words for kent"
    client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert client.get("/").status_code == 200
    assert other_browser.get("/").status_code == 302


# --- where sessions are kept ----------------------------------------------------------------


def test_a_signed_in_request_reads_its_session_from_the_cache_and_keeps_it_in_the_database(
    client, kent_officer
):
    client.force_login(kent_officer)
    client.get("/")  # starts the session's clocks, which writes it (to both)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [query for query in queries if "django_session" in query["sql"]]
    # Written through: a Redis emptied or restarted signs nobody out.
    cache.clear()
    assert client.get("/").status_code == 200


def test_signing_out_ends_the_session_in_the_cache_as_well(client, kent_officer):
    client.force_login(kent_officer)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/").status_code == 200
    client.post("/sign-out/")
    assert not Session.objects.filter(session_key=stolen).exists()
    replayed = Client()
    replayed.cookies[settings.SESSION_COOKIE_NAME] = stolen
    assert replayed.get("/").status_code == 302


def test_signing_out_everywhere_ends_a_session_the_cache_holds(client, kent_officer):
    other_browser = VerifiedClient()
    other_browser.force_login(kent_officer)
    assert other_browser.get("/").status_code == 200  # its session is in the cache
    credentials_end_all(user=kent_officer, because=TokenEnd.SIGNED_OUT_EVERYWHERE)
    assert other_browser.get("/").status_code == 302
