"""The partner's webhooks through the API, with its key: subscribe (the secret shown once), change, pause, rotate,
unsubscribe, read the delivery log, redeliver. A partner sees only its own organisation's subscriptions."""

import time

import orjson
import pytest
from standardwebhooks.webhooks import Webhook

from partners.services import partner_key_create, partner_key_revoke
from webhooks.choices import DeliveryStatus, EventType
from webhooks.models import Delivery, DeliveryAttempt, Event, Subscription
from webhooks.services import event_record, subscription_create
from webhooks.signing import signature_header

pytestmark = pytest.mark.django_db

WEBHOOKS = "/api/v1/webhooks/"


@pytest.fixture
def partner(client):
    """A partner's client, sending its key."""
    _key, secret = partner_key_create(organisation="Mayors for Peace")
    client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {secret}"
    return client


@pytest.fixture
def other_partner(client_class):
    other = client_class()
    _key, secret = partner_key_create(organisation="UNESCO Creative Cities")
    other.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {secret}"
    return other


@pytest.fixture
def client_class():
    from django.test import Client

    return Client


def post(client, path: str, data: dict | None = None):
    return client.post(path, orjson.dumps(data or {}), content_type="application/json")


def patch(client, path: str, data: dict):
    return client.patch(path, orjson.dumps(data), content_type="application/json")


def subscribe(client, receiver, **fields) -> dict:
    data = {"target_url": receiver.url, "events": ["city.approved"], "contact_email": "tech@mayors.example", **fields}
    answer = post(client, WEBHOOKS, data)
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_subscribing_answers_the_secret_once_and_it_verifies_a_signature(partner, receiver):
    created = subscribe(partner, receiver, events=["city.approved", "city.updated", "city.approved"])
    assert created["events"] == ["city.approved", "city.updated"]
    assert created["is_active"] is True
    assert created["secret"].startswith("whsec_")
    subscription = Subscription.objects.get(pk=created["id"])
    assert subscription.partner_key.organisation == "Mayors for Peace"
    assert subscription.secret == created["secret"]
    # Never again: not in the list, nor in the record.
    assert "secret" not in partner.get(f"{WEBHOOKS}{created['id']}/").json()
    assert created["secret"] not in partner.get(WEBHOOKS).content.decode()
    # The secret from the answer verifies what the portal signs, with the Standard Webhooks library.
    body, now = b'{"type": "city.approved"}', int(time.time())
    signed = signature_header(secrets_signing=[subscription.secret], message_id="msg_1", timestamp=now, body=body)
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(now), "webhook-signature": signed}
    assert Webhook(created["secret"]).verify(body, headers) == {"type": "city.approved"}


def test_the_list_holds_the_organisations_subscriptions_made_with_any_of_its_keys(partner, receiver):
    subscribe(partner, receiver)
    second_key, _ = partner_key_create(organisation="Mayors for Peace")
    subscription_create(
        partner_key=second_key, target_url=receiver.url, events=["city.updated"], contact_email="ops@mayors.example"
    )
    answer = partner.get(WEBHOOKS)
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "private, no-store"
    assert [row["events"] for row in answer.json()["results"]] == [["city.approved"], ["city.updated"]]


def test_another_organisation_gets_404_for_every_action_on_a_subscription_not_its_own(partner, other_partner, receiver):
    subscription_id = subscribe(partner, receiver)["id"]
    record = f"{WEBHOOKS}{subscription_id}/"
    assert other_partner.get(WEBHOOKS).json()["results"] == []
    assert other_partner.get(record).status_code == 404
    assert patch(other_partner, record, {"is_active": False}).status_code == 404
    assert other_partner.delete(record).status_code == 404
    assert post(other_partner, f"{record}rotate-secret/").status_code == 404
    assert other_partner.get(f"{record}deliveries/").status_code == 404
    assert post(other_partner, f"{record}redeliver/", {"since": "2026-01-01T00:00:00Z"}).status_code == 404
    assert other_partner.get(record).json()["detail"]
    assert Subscription.objects.get(pk=subscription_id).is_active


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", WEBHOOKS),
        ("post", WEBHOOKS),
        ("get", f"{WEBHOOKS}1/"),
        ("patch", f"{WEBHOOKS}1/"),
        ("delete", f"{WEBHOOKS}1/"),
        ("post", f"{WEBHOOKS}1/rotate-secret/"),
        ("get", f"{WEBHOOKS}1/deliveries/"),
        ("post", f"{WEBHOOKS}1/redeliver/"),
    ],
)
def test_without_a_key_every_address_answers_401_in_json(client, method, path):
    answer = client.generic(method.upper(), path, b"{}", content_type="application/json")
    assert answer.status_code == 401
    assert answer["Content-Type"] == "application/json"
    assert "Api-Key" in answer.json()["detail"]
    assert answer["WWW-Authenticate"] == 'Api-Key realm="api"'


def test_a_revoked_key_is_refused(partner, receiver):
    subscribe(partner, receiver)
    key = Subscription.objects.get().partner_key
    partner_key_revoke(partner_key=key)
    answer = partner.get(WEBHOOKS)
    assert answer.status_code == 401
    assert answer.json()["detail"] == "This API key was revoked."


def test_changing_events_url_and_contact(partner, receiver):
    record = f"{WEBHOOKS}{subscribe(partner, receiver)['id']}/"
    changed = patch(
        partner,
        record,
        {"events": ["progress.milestone"], "target_url": receiver.url + "/v2", "contact_email": "new@mayors.example"},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["events"] == ["progress.milestone"]
    assert changed.json()["target_url"].endswith("/v2")
    assert "secret" not in changed.json()
    full = partner.put(
        record,
        orjson.dumps({"target_url": receiver.url, "events": ["city.updated"], "contact_email": "a@mayors.example"}),
        content_type="application/json",
    )
    assert full.status_code == 200
    assert Subscription.objects.get().events == ["city.updated"]


def test_pausing_keeps_deliveries_waiting_and_resuming_sends_them(
    partner, receiver, django_capture_on_commit_callbacks
):
    record = f"{WEBHOOKS}{subscribe(partner, receiver)['id']}/"
    event_record(event_type=EventType.CITY_APPROVED, payload={"type": "city.approved"}, city_key="1")
    paused = patch(partner, record, {"is_active": False})
    assert paused.json()["is_active"] is False
    assert paused.json()["disabled_reason"] == "Disabled by the partner."
    assert Delivery.objects.get().status == DeliveryStatus.PENDING
    with django_capture_on_commit_callbacks(execute=False) as queued:
        resumed = patch(partner, record, {"is_active": True})
    assert resumed.json()["is_active"] is True
    assert resumed.json()["disabled_reason"] == ""
    assert queued, "the waiting delivery is queued again"


def test_unsubscribing_deletes_the_subscription_and_its_log(partner, receiver):
    record = f"{WEBHOOKS}{subscribe(partner, receiver)['id']}/"
    event_record(event_type=EventType.CITY_APPROVED, payload={}, city_key="1")
    assert partner.delete(record).status_code == 204
    assert not Subscription.objects.exists()
    assert not Delivery.objects.exists()
    assert partner.get(record).status_code == 404


def test_rotating_answers_a_new_secret_while_the_previous_one_signs_for_a_while(partner, receiver):
    created = subscribe(partner, receiver)
    rotated = post(partner, f"{WEBHOOKS}{created['id']}/rotate-secret/")
    assert rotated.status_code == 200
    assert rotated.json()["secret"].startswith("whsec_")
    assert rotated.json()["secret"] != created["secret"]
    assert rotated.json()["previous_secret_expires_at"]
    subscription = Subscription.objects.get()
    assert (subscription.secret, subscription.previous_secret) == (rotated.json()["secret"], created["secret"])
    assert partner.get(f"{WEBHOOKS}{created['id']}/").json()["previous_secret_expires_at"]


def test_the_delivery_log_shows_each_attempt_status_duration_and_excerpt(partner, receiver, django_assert_num_queries):
    created = subscribe(partner, receiver)
    event = event_record(event_type=EventType.CITY_APPROVED, payload={"type": "city.approved"}, city_key="1")
    delivery = Delivery.objects.get()
    for number, (code, excerpt) in enumerate([(503, "busy"), (200, "ok")], start=1):
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            attempted_at=event.created_at,
            status_code=code,
            duration_ms=40 + number,
            response_excerpt=excerpt,
        )
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.DELIVERED, attempts=2)
    # the key (its last use was written when it subscribed); the subscription; the count, the deliveries with their
    # events, their attempts
    with django_assert_num_queries(5):
        answer = partner.get(f"{WEBHOOKS}{created['id']}/deliveries/")
    row = answer.json()["results"][0]
    assert row["webhook_id"] == event.webhook_id
    assert (row["event_type"], row["status"], row["attempts"]) == ("city.approved", "delivered", 2)
    assert [(a["attempt"], a["status_code"], a["duration_ms"], a["response_excerpt"]) for a in row["log"]] == [
        (2, 200, 42, "ok"),
        (1, 503, 41, "busy"),
    ]


def test_redelivering_one_event_keeps_its_webhook_id(partner, receiver):
    created = subscribe(partner, receiver)
    event = event_record(event_type=EventType.CITY_APPROVED, payload={}, city_key="1")
    Delivery.objects.update(status=DeliveryStatus.DELIVERED)
    answer = post(partner, f"{WEBHOOKS}{created['id']}/redeliver/", {"webhook_id": event.webhook_id})
    assert answer.status_code == 202
    assert answer.json() == {"redelivered": 1}
    assert Delivery.objects.get().status == DeliveryStatus.PENDING


def test_redelivering_an_event_of_a_type_not_subscribed_is_404(partner, receiver):
    created = subscribe(partner, receiver)
    other = event_record(event_type=EventType.PROGRESS_MILESTONE, payload={}, city_key="progress")
    answer = post(partner, f"{WEBHOOKS}{created['id']}/redeliver/", {"webhook_id": other.webhook_id})
    assert answer.status_code == 404
    assert not Delivery.objects.filter(event=other).exists()


def test_redelivering_everything_since_a_time(partner, receiver):
    created = subscribe(partner, receiver, events=["city.approved", "city.updated"])
    first = event_record(event_type=EventType.CITY_APPROVED, payload={}, city_key="1")
    event_record(event_type=EventType.CITY_UPDATED, payload={}, city_key="1")
    event_record(event_type=EventType.PROGRESS_MILESTONE, payload={}, city_key="progress")
    Delivery.objects.update(status=DeliveryStatus.DELIVERED)
    since = first.created_at.isoformat()
    answer = post(partner, f"{WEBHOOKS}{created['id']}/redeliver/", {"since": since})
    assert answer.status_code == 202
    assert answer.json() == {"redelivered": 2}
    assert Event.objects.count() == 3


# Hostile input: every bad request is a 400 naming the field, never a 500 ---------------------------------------


def test_a_private_loopback_or_metadata_target_is_refused(partner, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    for url in (
        "http://10.0.0.5/hook",
        "http://127.0.0.1:8000/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[fd00:ec2::254]/",
        "http://localhost/hook",
        "http://192.168.1.1/hook",
    ):
        answer = post(partner, WEBHOOKS, {"target_url": url, "events": ["city.approved"], "contact_email": "a@b.org"})
        assert answer.status_code == 400, url
        assert "public address" in answer.json()["errors"]["target_url"][0], url
    assert not Subscription.objects.exists()


def test_plain_http_is_refused_in_production(partner, settings):
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    answer = post(
        partner,
        WEBHOOKS,
        {"target_url": "http://93.184.215.14/hook", "events": ["city.approved"], "contact_email": "a@b.org"},
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["target_url"] == ["The target URL must start with https://."]


def test_changing_to_a_private_target_is_refused_and_changes_nothing(partner, receiver, settings):
    record = f"{WEBHOOKS}{subscribe(partner, receiver)['id']}/"
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    answer = patch(partner, record, {"target_url": "http://10.1.2.3/"})
    assert answer.status_code == 400
    assert "target_url" in answer.json()["errors"]
    assert Subscription.objects.get().target_url == receiver.url


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"events": ["city.exploded"]}, "events"),
        ({"events": []}, "events"),
        ({"events": "city.approved"}, "events"),
        ({"events": [["city.approved"]]}, "events"),
        ({"events": ["city.approved"] * 10_000}, "events"),
        ({"target_url": "not a url"}, "target_url"),
        ({"target_url": "ftp://example.org/"}, "target_url"),
        ({"target_url": "https://" + "a" * 600 + ".org/"}, "target_url"),
        ({"target_url": "https://user:pass@93.184.215.14/"}, "target_url"),
        ({"target_url": "http://[::1"}, "target_url"),
        ({"target_url": "https://no-such-host.invalid/"}, "target_url"),
        ({"target_url": None}, "target_url"),
        ({"target_url": 42}, "target_url"),
        ({"contact_email": "not an address"}, "contact_email"),
        ({"contact_email": "a" * 300 + "@example.org"}, "contact_email"),
        ({"is_active": "perhaps"}, "is_active"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(partner, receiver, data, field):
    valid = {"target_url": receiver.url, "events": ["city.approved"], "contact_email": "tech@mayors.example"}
    answer = post(partner, WEBHOOKS, {**valid, **data})
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["errors"]
    assert answer.json()["detail"].startswith("Bad parameter.")
    # The documented shape, {"field": ["message", ...]}, and words a person reads, not Python's repr of them.
    errors = answer.json()["errors"]
    assert all(isinstance(messages, list) and all(isinstance(m, str) for m in messages) for messages in errors.values())
    assert "ErrorDetail" not in answer.json()["detail"] and "{" not in answer.json()["detail"]
    assert not Subscription.objects.exists()


def test_a_bad_event_in_the_list_is_named_by_its_place(partner, receiver):
    data = {
        "target_url": receiver.url,
        "events": ["city.approved", "city.nope"],
        "contact_email": "tech@mayors.example",
    }
    answer = post(partner, WEBHOOKS, data)
    assert answer.json()["errors"] == {"events": ['Item 2: "city.nope" is not a valid choice.']}
    assert answer.json()["detail"] == 'Bad parameter. events: Item 2: "city.nope" is not a valid choice.'


@pytest.mark.parametrize(
    "body",
    [b"[]", b"null", b'"text"', b"{", b"\xff\xfe", b'{"events": {"$gt": ""}}', b"[" * 5000 + b"]" * 5000],
)
def test_malformed_bodies_are_a_400(partner, body):
    answer = partner.post(WEBHOOKS, body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["detail"]


def test_a_huge_body_is_refused_without_being_read_into_a_subscription(partner, receiver, settings):
    huge = orjson.dumps(
        {
            "target_url": receiver.url,
            "events": ["city.approved"],
            "contact_email": "a@b.org",
            "padding": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
        }
    )
    answer = partner.post(WEBHOOKS, huge, content_type="application/json")
    assert answer.status_code == 413
    assert answer.json()["detail"]
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"webhook_id": "msg_5f1c0e9a7b3d4c2a9e8f6d1b0a3c5e7f", "since": "2026-01-01T00:00:00Z"},
        {"webhook_id": "msg_not-hex"},
        {"webhook_id": "'; DROP TABLE webhooks_event; --"},
        {"since": "yesterday"},
        {"since": 12},
    ],
)
def test_bad_redelivery_requests_are_a_400(partner, receiver, data):
    created = subscribe(partner, receiver)
    answer = post(partner, f"{WEBHOOKS}{created['id']}/redeliver/", data)
    assert answer.status_code == 400, answer.content
    assert answer.json()["detail"]


def test_an_unknown_webhook_id_is_404(partner, receiver):
    created = subscribe(partner, receiver)
    answer = post(partner, f"{WEBHOOKS}{created['id']}/redeliver/", {"webhook_id": "msg_" + "0" * 32})
    assert answer.status_code == 404


def test_the_api_root_lists_webhooks(client):
    assert "webhooks" in client.get("/api/v1/").json()


@pytest.mark.parametrize("action", ["rotate-secret", "redeliver"])
def test_an_action_with_a_format_suffix_answers_as_without(partner, receiver, action):
    created = subscribe(partner, receiver)
    answer = post(partner, f"{WEBHOOKS}{created['id']}/{action}.json", {"since": "2026-01-01T00:00:00Z"})
    assert answer.status_code in (200, 202)
    assert partner.get(f"{WEBHOOKS}{created['id']}/deliveries.json").status_code == 200
