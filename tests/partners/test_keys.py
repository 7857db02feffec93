"""Partner keys: issued once and hashed at rest, higher rate than anonymous, revocable, last use recorded."""

import datetime
import io

import orjson
import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.utils import timezone

from partners.models import PartnerKey
from partners.services import key_hash, partner_key_create, partner_key_mark_used, partner_key_revoke
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db

CITIES = "/api/v1/cities/"


def test_key_is_stored_only_as_its_hash():
    partner_key, key = partner_key_create(organisation="Mayors for Peace")
    assert key.startswith(partner_key.prefix + ".")
    assert len(key) > 40
    assert partner_key.key_hash == key_hash(key)
    stored = PartnerKey.objects.values_list("organisation", "prefix", "key_hash")
    assert key not in str(list(stored))


def test_command_prints_the_key_as_its_last_line():
    output = io.StringIO()
    call_command("create_partner_key", "UNESCO Creative Cities", stdout=output)
    key = output.getvalue().strip().splitlines()[-1]
    partner_key = PartnerKey.objects.get()
    assert partner_key.organisation == "UNESCO Creative Cities"
    assert partner_key.key_hash == key_hash(key)


def test_a_valid_key_reads_the_api_and_records_its_use(client):
    CityFactory()
    partner_key, key = partner_key_create(organisation="Peace Messenger Cities")
    response = client.get(CITIES, headers={"Authorization": f"Api-Key {key}"})
    assert response.status_code == 200
    partner_key.refresh_from_db()
    assert partner_key.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(django_assert_num_queries):
    partner_key, _key = partner_key_create(organisation="Researchers")
    now = timezone.now()
    with django_assert_num_queries(1):
        partner_key_mark_used(partner_key=partner_key, now=now)
    with django_assert_num_queries(0):
        partner_key_mark_used(partner_key=partner_key, now=now + datetime.timedelta(seconds=30))
    with django_assert_num_queries(1):
        partner_key_mark_used(partner_key=partner_key, now=now + datetime.timedelta(seconds=61))


@pytest.mark.parametrize(
    "header",
    ["Api-Key nonsense", "Api-Key abcd1234.wrongsecret", "Api-Key", "Api-Key a b"],
)
def test_wrong_keys_are_401_in_json(client, header):
    partner_key_create(organisation="Mayors for Peace")
    response = client.get(CITIES, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Api-Key")
    assert orjson.loads(response.content)["detail"]


def test_a_key_with_the_right_prefix_but_wrong_secret_is_refused(client):
    partner_key, key = partner_key_create(organisation="Mayors for Peace")
    response = client.get(CITIES, headers={"Authorization": f"Api-Key {partner_key.prefix}.{'x' * 43}"})
    assert response.status_code == 401


def test_a_revoked_key_is_refused(client):
    partner_key, key = partner_key_create(organisation="Mayors for Peace")
    partner_key_revoke(partner_key=partner_key)
    response = client.get(CITIES, headers={"Authorization": f"Api-Key {key}"})
    assert response.status_code == 401
    assert orjson.loads(response.content) == {"detail": "This API key was revoked."}


def test_anonymous_clients_are_throttled_with_retry_after(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "3/minute", "partner": "10/minute"},
    }
    for _ in range(3):
        assert client.get(CITIES).status_code == 200
    response = client.get(CITIES)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "throttled" in orjson.loads(response.content)["detail"]


def test_a_partner_key_gets_the_higher_rate_of_its_own(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "2/minute", "partner": "5/minute"},
    }
    _partner_key, key = partner_key_create(organisation="Mayors for Peace")
    for _ in range(3):
        client.get(CITIES)
    assert client.get(CITIES).status_code == 429  # anonymous used up
    statuses = [client.get(CITIES, headers={"Authorization": f"Api-Key {key}"}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_admin_creates_a_key_shows_it_once_and_revokes(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.post(
        "/admin/partners/partnerkey/add/", {"organisation": "World Cities Culture Forum"}, follow=True
    )
    assert response.status_code == 200
    partner_key = PartnerKey.objects.get()
    shown = [str(message) for message in response.context["messages"]]
    key = next(word for message in shown for word in message.split() if word.startswith(partner_key.prefix + "."))
    assert partner_key.key_hash == key_hash(key)
    assert client.get("/admin/partners/partnerkey/").status_code == 200
    client.post("/admin/partners/partnerkey/", {"action": "revoke", "_selected_action": [partner_key.pk]}, follow=True)
    partner_key.refresh_from_db()
    assert partner_key.revoked_at is not None
    assert PartnerKey in site._registry
