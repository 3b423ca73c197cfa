"""Lockout must not be a weapon (issue 9 §3): the client's address is read through the
configured number of proxies only, failures lock one name from one address, and the real
person signs in from their own address while the attacker stays locked out."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from directory.clients import client_address
from tests.conftest import ATTACKER, KENT_OFFICER_AT_HOME
from tests.factories import PASSWORD, fresh_recovery_code, totp_device

pytestmark = pytest.mark.django_db


def sign_in_from(client, forwarded_for, password):
    return client.post(
        "/sign-in/",
        {"username": "kent-officer", "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_ten_failures_from_one_address_do_not_lock_the_name_out_from_another(
    client, kent_officer, behind_one_proxy
):
    statuses = [sign_in_from(client, ATTACKER, "guess").status_code for _ in range(10)]
    assert statuses[-1] == 429
    assert sign_in_from(client, ATTACKER, PASSWORD).status_code == 429
    assert sign_in_from(client, KENT_OFFICER_AT_HOME, PASSWORD).status_code == 302


def test_a_forged_forwarded_entry_does_not_move_the_attacker(
    client, kent_officer, behind_one_proxy
):
    # The attacker writes the officer's address in front; the proxy appends the real one.
    forged = f"{KENT_OFFICER_AT_HOME}, {ATTACKER}"
    for _ in range(10):
        sign_in_from(client, forged, "guess")
    assert sign_in_from(client, ATTACKER, PASSWORD).status_code == 429
    assert sign_in_from(client, KENT_OFFICER_AT_HOME, PASSWORD).status_code == 302


def test_with_no_proxy_trusted_a_forwarded_header_is_ignored(client, kent_officer):
    assert settings.TRUSTED_PROXY_COUNT == 0
    for number in range(10):
        sign_in_from(client, f"203.0.113.{number}", "guess")
    # Every attempt came from 127.0.0.1, whatever the header said: that pair is locked.
    assert sign_in_from(client, KENT_OFFICER_AT_HOME, PASSWORD).status_code == 429


def test_wrong_codes_after_a_right_password_lock_out_too(kent_officer, behind_one_proxy):
    totp_device(kent_officer)
    api = APIClient(HTTP_X_FORWARDED_FOR=ATTACKER)
    data = {"username": "kent-officer", "password": PASSWORD, "otp": "000000"}
    for _ in range(10):
        api.post("/api/auth/token/", data, format="json")
    from_attacker = APIClient(HTTP_X_FORWARDED_FOR=ATTACKER)
    right = {**data, "otp": fresh_recovery_code(kent_officer)}
    assert from_attacker.post("/api/auth/token/", right, format="json").status_code != 201
    home = APIClient(HTTP_X_FORWARDED_FOR=KENT_OFFICER_AT_HOME)
    assert home.post("/api/auth/token/", right, format="json").status_code == 201


def test_the_token_throttle_counts_the_address_not_the_forged_header(
    kent_officer, behind_one_proxy
):
    def attempt(forwarded_for):
        api = APIClient(HTTP_X_FORWARDED_FOR=forwarded_for)
        data = {"username": "kent-officer", "password": "guess", "otp": "000000"}
        return api.post("/api/auth/token/", data, format="json").status_code

    statuses = [attempt(f"192.0.2.{number}, {ATTACKER}") for number in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    assert attempt(KENT_OFFICER_AT_HOME) == 400


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "address"),
    [
        (0, None, "10.0.0.2"),
        (0, ATTACKER, "10.0.0.2"),
        (1, ATTACKER, ATTACKER),
        (1, f"{KENT_OFFICER_AT_HOME}, {ATTACKER}", ATTACKER),
        (1, f"not-an-address, {ATTACKER}", ATTACKER),
        (1, None, "10.0.0.2"),
        (2, f"{KENT_OFFICER_AT_HOME}, {ATTACKER}, 10.0.0.9", ATTACKER),
    ],
)
def test_the_lockout_the_throttles_and_the_log_read_one_address(
    settings, proxies, forwarded_for, address
):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded_for:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().get("/", **meta)
    assert client_address(request) == address
    assert ScopedRateThrottle().get_ident(request) == address


def test_production_trusts_one_proxy_unless_told_otherwise():
    code = (
        "from django.conf import settings as s; from rest_framework.settings import api_settings;"
        "print(s.TRUSTED_PROXY_COUNT, api_settings.NUM_PROXIES, s.AXES_CLIENT_IP_CALLABLE)"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "nca_portal.settings.production",
        "SECRET_KEY": "a-production-secret-of-more-than-fifty-characters-0123456789abcdef",
        "ALLOWED_HOSTS": "portal.nca.example",
    }

    def shell(**extra):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", code],
            capture_output=True,
            text=True,
            env={**env, **extra},
        )
        return result.stdout.split()[-3:]

    assert shell() == ["1", "1", "directory.clients.client_address"]
    assert shell(TRUSTED_PROXY_COUNT="2")[:2] == ["2", "2"]
