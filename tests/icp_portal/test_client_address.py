"""Per-address limits count the client, not the reverse proxy in front of the portal, and not an address the client
wrote into X-Forwarded-For itself (DJANGO_TRUSTED_PROXY_COUNT)."""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client, RequestFactory

from icp_portal.client_address import client_address
from tests.factories import UserFactory
from tests.icp_portal.test_settings import REPO

pytestmark = pytest.mark.django_db

CITIES = "/api/v1/cities/"
PROXY = "10.0.0.2"  # REMOTE_ADDR of every request that came through our reverse proxy
CLIENT_A = "203.0.113.7"
CLIENT_B = "198.51.100.9"


@pytest.fixture
def anonymous_rate_of_three(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "3/minute", "partner": "10/minute"},
    }


def forged(number: int) -> str:
    return f"192.0.2.{number}"


def sign_in_fails_ten_times(client: Client, *, remote_address: str, appended_by_proxy: str = "") -> None:
    """Ten wrong passwords, each for another account and with another forged X-Forwarded-For entry: only the
    per-address limit can lock anyone out, and only if it counts the real client."""
    for attempt in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"guess{attempt}@example.org", "password": "wrong-password"},
            headers={"X-Forwarded-For": ", ".join(filter(None, [forged(attempt), appended_by_proxy]))},
            REMOTE_ADDR=remote_address,
        )


def test_one_variable_sets_the_proxy_count_of_the_portal_the_api_and_allauth():
    script = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.TRUSTED_PROXY_COUNT, settings.REST_FRAMEWORK['NUM_PROXIES'],"
        " settings.ALLAUTH_TRUSTED_PROXY_COUNT]))"
    )
    counts = {}
    for variable in ("", "1"):
        environment = {key: value for key, value in os.environ.items() if key != "DJANGO_TRUSTED_PROXY_COUNT"}
        environment.update(DJANGO_SETTINGS_MODULE="icp_portal.settings", DJANGO_SECRET_KEY="a-test-key")
        if variable:
            environment["DJANGO_TRUSTED_PROXY_COUNT"] = variable
        result = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, env=environment, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        counts[variable] = json.loads(result.stdout)
    assert counts == {"": [0, 0, 0], "1": [1, 1, 1]}


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "127.0.0.1"),
        (0, "192.0.2.1", "127.0.0.1"),
        (1, "", "127.0.0.1"),
        (1, "192.0.2.1, 203.0.113.7", "203.0.113.7"),
        (1, "203.0.113.7", "203.0.113.7"),
        (2, "192.0.2.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, "203.0.113.7", "127.0.0.1"),  # fewer entries than proxies: it did not come through them all
        (1, "192.0.2.1, not-an-address", "127.0.0.1"),
        (1, "[2001:db8::1]", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_entry_our_outermost_proxy_appended(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", **headers)) == expected


def test_without_proxies_a_new_forwarded_for_on_each_request_does_not_escape_the_api_limit(
    client, settings, anonymous_rate_of_three
):
    settings.TRUSTED_PROXY_COUNT = 0
    answers = [
        client.get(CITIES, headers={"X-Forwarded-For": forged(n)}, REMOTE_ADDR=CLIENT_A).status_code for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    assert client.get(CITIES, REMOTE_ADDR=CLIENT_B).status_code == 200


def test_behind_one_proxy_forged_entries_do_not_escape_the_api_limit_but_each_client_has_its_own(
    client, settings, anonymous_rate_of_three
):
    settings.TRUSTED_PROXY_COUNT = 1
    answers = [
        client.get(CITIES, headers={"X-Forwarded-For": f"{forged(n)}, {CLIENT_A}"}, REMOTE_ADDR=PROXY).status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    # Another client through the same proxy: the proxy's own address is not what is counted.
    assert client.get(CITIES, headers={"X-Forwarded-For": CLIENT_B}, REMOTE_ADDR=PROXY).status_code == 200


def test_behind_one_proxy_ten_failed_sign_ins_from_one_client_do_not_lock_out_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    coordinator = UserFactory()
    sign_in_fails_ten_times(client, remote_address=PROXY, appended_by_proxy=CLIENT_A)

    locked = client.post(
        "/accounts/login/",
        {"login": coordinator.email, "password": "a-long-test-password"},
        headers={"X-Forwarded-For": f"{forged(99)}, {CLIENT_A}"},
        REMOTE_ADDR=PROXY,
    )
    assert "Too many failed login attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    signed_in = client.post(
        "/accounts/login/",
        {"login": coordinator.email, "password": "a-long-test-password"},
        headers={"X-Forwarded-For": CLIENT_B},
        REMOTE_ADDR=PROXY,
    )
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_without_proxies_sign_in_failures_count_per_connecting_address_whatever_forwarded_for_says(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    coordinator = UserFactory()
    sign_in_fails_ten_times(client, remote_address=CLIENT_A)

    locked = client.post(
        "/accounts/login/",
        {"login": coordinator.email, "password": "a-long-test-password"},
        headers={"X-Forwarded-For": CLIENT_B},
        REMOTE_ADDR=CLIENT_A,
    )
    assert "Too many failed login attempts" in locked.content.decode()

    signed_in = client.post(
        "/accounts/login/", {"login": coordinator.email, "password": "a-long-test-password"}, REMOTE_ADDR=CLIENT_B
    )
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)
