"""Configuration comes from the environment; production settings pass the deploy check."""

import os
import subprocess
import sys

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "nca_portal.settings.production",
    "SECRET_KEY": "a-production-secret-of-more-than-fifty-characters-0123456789abcdef",
    "ALLOWED_HOSTS": "portal.nca.example",
}


def manage(*args, **env):
    # The test run's own switches (async-unsafe for the live server) are not production's.
    leave_out = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in leave_out}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        env={**environment, **env},
    )


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    settings = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", **settings)
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment for production" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    """Issue 9 §4: debug pages show settings, SQL and tracebacks to whoever asks."""
    for value in ("true", "1", "yes"):
        result = manage("check", **{**PRODUCTION, "DEBUG": value})
        assert result.returncode != 0
        assert "DEBUG must not be true in production" in result.stderr
    assert manage("check", **{**PRODUCTION, "DEBUG": "false"}).returncode == 0


def test_production_refuses_to_start_without_allowed_hosts():
    settings = {**PRODUCTION, "ALLOWED_HOSTS": ""}
    result = manage("check", **settings)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_the_database_and_redis_come_from_the_environment():
    code = (
        "from django.conf import settings as s; print(s.DATABASES['default']['NAME'], s.REDIS_URL)"
    )
    result = manage(
        "shell",
        "-c",
        code,
        DATABASE_URL="postgres://portal@db.example:5432/portal_db",
        REDIS_URL="redis://cache.example:6379/2",
        DJANGO_SETTINGS_MODULE="nca_portal.settings.local",
    )
    assert result.stdout.split()[-2:] == ["portal_db", "redis://cache.example:6379/2"]


SHOW_EMAIL = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, "
    "s.EMAIL_USE_SSL, s.DEFAULT_FROM_EMAIL, hasattr(s, 'EMAIL_URL'))"
)


def test_email_comes_from_email_url_and_the_url_is_not_kept_as_a_setting():
    result = manage(
        "shell", "--no-imports", "-c", SHOW_EMAIL,
        DJANGO_SETTINGS_MODULE="nca_portal.settings.local",
        EMAIL_URL="smtp://portal:s3cret@mail.nca.example:587?tls=1",
        DEFAULT_FROM_EMAIL="NCA portal <portal@nca.example>",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend", "mail.nca.example", "587", "portal",
        "True", "False", "NCA", "portal", "<portal@nca.example>", "False",
    ]  # fmt: skip


def test_without_email_url_a_developers_mail_is_kept_in_files_and_production_uses_smtp():
    local = manage(
        "shell", "--no-imports", "-c", SHOW_EMAIL,
        DJANGO_SETTINGS_MODULE="nca_portal.settings.local", EMAIL_URL="",
    )  # fmt: skip
    assert local.stdout.split()[0] == "django.core.mail.backends.filebased.EmailBackend"
    production = manage("shell", "--no-imports", "-c", SHOW_EMAIL, **PRODUCTION, EMAIL_URL="")
    assert production.returncode == 0, production.stderr
    assert production.stdout.split()[:3] == [
        "django.core.mail.backends.smtp.EmailBackend", "localhost", "25",
    ]  # fmt: skip
