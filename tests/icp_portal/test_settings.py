"""Configuration from the environment, as the README's table promises. Each case runs a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
READ_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST"),
    "conn_max_age": db.get("CONN_MAX_AGE"), "conn_health_checks": db.get("CONN_HEALTH_CHECKS"),
    "debug": settings.DEBUG, "allowed_hosts": settings.ALLOWED_HOSTS,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER, "broker": settings.CELERY_BROKER_URL,
    "email_backend": settings.EMAIL_BACKEND, "email_file_path": str(settings.EMAIL_FILE_PATH),
    "email_host": settings.EMAIL_HOST, "email_port": settings.EMAIL_PORT, "email_tls": settings.EMAIL_USE_TLS,
    "media_backend": settings.STORAGES["default"]["BACKEND"], "log_format": settings.LOG_FORMAT,
    "secret_key_fallbacks": len(settings.SECRET_KEY_FALLBACKS), "portal_base_url": settings.PORTAL_BASE_URL,
}))
"""
CONTRACT_VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "EMAIL_URL",
)


def run_settings(*, unset: tuple[str, ...] = (), **variables: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in (*CONTRACT_VARIABLES, *unset)}
    environment.update(DJANGO_SETTINGS_MODULE="icp_portal.settings", **variables)
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS], cwd=REPO, env=environment, capture_output=True, text=True, timeout=60
    )


def read_settings(**variables: str) -> dict:
    result = run_settings(DJANGO_SECRET_KEY="a-test-key", **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_are_sqlite_under_var_inline_tasks_and_mail_files():
    found = read_settings()
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(REPO / "var" / "icp_portal.sqlite3")
    assert found["eager"] is True and found["broker"] is None
    assert found["email_backend"] == "django.core.mail.backends.filebased.EmailBackend"
    assert found["email_file_path"] == str(REPO / "var" / "mail")
    assert found["debug"] is False
    assert found["allowed_hosts"] == ["localhost", "127.0.0.1"]


def test_database_url_selects_postgresql_with_persistent_checked_connections():
    found = read_settings(DATABASE_URL="postgres://postgres@db.internal:5432/icp")
    assert found["engine"] == "django.db.backends.postgresql"
    assert (found["name"], found["host"]) == ("icp", "db.internal")
    assert found["conn_max_age"] > 0 and found["conn_health_checks"] is True


def test_broker_url_sends_tasks_to_real_workers():
    found = read_settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/3")
    assert found["eager"] is False
    assert found["broker"] == "redis://127.0.0.1:6379/3"


@pytest.mark.parametrize(
    ("email_url", "expected"),
    [
        ("smtp+tls://mailer:secret@smtp.example.org:587", {"email_host": "smtp.example.org", "email_tls": True}),
        ("filemail:///srv/icp/mail", {"email_file_path": "/srv/icp/mail"}),
        ("consolemail://", {"email_backend": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_email_url_chooses_where_mail_goes(email_url, expected):
    found = read_settings(EMAIL_URL=email_url)
    assert {key: found[key] for key in expected} == expected


def test_allowed_hosts_and_debug_come_from_the_environment():
    found = read_settings(DJANGO_ALLOWED_HOSTS="portal.citiesofpeace.org,www.example.org", DJANGO_DEBUG="on")
    assert found["allowed_hosts"] == ["portal.citiesofpeace.org", "www.example.org"]
    assert found["debug"] is True


def test_development_secret_key_is_refused_when_debug_is_off():
    result = run_settings(DJANGO_DEBUG="off")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_old_secret_keys_are_kept_as_fallbacks_while_a_new_one_is_rolled_out():
    assert read_settings()["secret_key_fallbacks"] == 0
    assert read_settings(DJANGO_SECRET_KEY_FALLBACKS="old-key-one,old-key-two")["secret_key_fallbacks"] == 2


def test_development_secret_key_is_allowed_for_development():
    result = run_settings(DJANGO_DEBUG="on")
    assert result.returncode == 0, result.stderr


def test_s3_bucket_moves_uploads_to_object_storage():
    found = read_settings(DJANGO_S3_BUCKET="icp-media", DJANGO_S3_ENDPOINT_URL="https://s3.example.org")
    assert found["media_backend"] == "storages.backends.s3.S3Storage"
    assert read_settings()["media_backend"] == "django.core.files.storage.FileSystemStorage"


def test_logs_are_json_in_production_and_plain_in_development():
    assert read_settings()["log_format"] == "json"
    assert read_settings(DJANGO_DEBUG="on")["log_format"] == "plain"


def test_production_refuses_to_start_without_its_public_address():
    result = run_settings(unset=("PORTAL_BASE_URL",), DJANGO_SECRET_KEY="a-test-key", DJANGO_DEBUG="off")
    assert result.returncode != 0
    assert "ImproperlyConfigured: PORTAL_BASE_URL is not set" in result.stderr


def test_public_address_for_links_in_e_mails_comes_from_the_environment():
    assert (
        read_settings(PORTAL_BASE_URL="https://portal.example.org/")["portal_base_url"] == "https://portal.example.org"
    )
    result = run_settings(unset=("PORTAL_BASE_URL",), DJANGO_DEBUG="on")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["portal_base_url"] == "http://127.0.0.1:8000"
