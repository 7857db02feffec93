"""Deliveries to a real receiver on loopback: signed as Standard Webhooks says, retried, ordered, redelivered."""

import json
import socket
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from outbox.models import OutboundEmail
from webhooks.choices import DeliveryStatus, EventType
from webhooks.models import Delivery, Event
from webhooks.services import (
    deliveries_due_send,
    delivery_attempt,
    event_record,
    event_redeliver,
    events_redeliver_since,
    subscription_disable,
    subscription_enable,
    subscription_secret_rotate,
)

from .helpers import approved_city

pytestmark = pytest.mark.django_db


def record(city_key: str = "city:1", name: str = "Kisumu") -> Event:
    return event_record(
        event_type=EventType.CITY_UPDATED, payload={"type": "city.updated", "data": {"name": name}}, city_key=city_key
    )


def deliver_all() -> None:
    """What the workers do: every due delivery, in event order, until none is due (a delivered event lets the next
    of its city go)."""
    while due := list(Delivery.objects.due(timezone.now()).order_by("event_id").values_list("pk", flat=True)):
        for delivery_id in due:
            delivery_attempt(delivery_id=delivery_id)


REAL_NOW = timezone.now


def move_clock(monkeypatch, by: timedelta):
    """The clock `by` ahead of the real one (not of the last move)."""
    moved = REAL_NOW() + by
    monkeypatch.setattr(timezone, "now", lambda: moved)
    return moved


def test_an_approval_reaches_the_receiver_signed_so_standardwebhooks_verifies_it(subscribed, receiver):
    city = approved_city()
    deliver_all()
    first = receiver.received[0]
    payload = Webhook(subscribed.shown_secret).verify(first.body, first.headers)
    assert payload["type"] == "city.approved"
    assert payload["data"]["slug"] == city.slug
    assert payload["url"] == f"http://testserver/api/v1/cities/{city.slug}/"
    assert first.headers["webhook-id"] == Event.objects.get(type="city.approved").webhook_id


def test_a_forged_body_fails_verification(subscribed, receiver):
    record()
    deliver_all()
    first = receiver.received[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(subscribed.shown_secret).verify(first.body.replace(b"Kisumu", b"Nairobi"), first.headers)


def test_a_receiver_answering_500_then_200_gets_the_event_once_more_with_the_same_id(subscribed, receiver, monkeypatch):
    receiver.answers = [(500, 0)]
    record()
    deliver_all()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.next_attempt_at > timezone.now()
    deliver_all()
    assert len(receiver.received) == 1  # the retry waits for its time
    move_clock(monkeypatch, timedelta(minutes=5))
    deliver_all()
    assert len(receiver.received) == 2
    assert receiver.received[0].headers["webhook-id"] == receiver.received[1].headers["webhook-id"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert [attempt.status_code for attempt in delivery.log.order_by("number")] == [500, 200]


def test_the_log_keeps_only_the_start_of_a_long_answer(subscribed, receiver):
    receiver.answers = [(503, 0)]
    record()
    deliver_all()
    attempt = Delivery.objects.get().log.get()
    assert attempt.status_code == 503
    assert len(attempt.response_excerpt) == 1000
    assert attempt.duration_ms >= 0


@pytest.mark.parametrize("status", [400, 404, 410, 301])
def test_a_refusal_other_than_429_is_not_retried(subscribed, receiver, monkeypatch, status):
    receiver.answers = [(status, 0)]
    record()
    deliver_all()
    move_clock(monkeypatch, timedelta(hours=2))
    deliver_all()
    assert len(receiver.received) == 1
    assert Delivery.objects.get().status == DeliveryStatus.FAILED


def test_429_is_retried(subscribed, receiver, monkeypatch):
    receiver.answers = [(429, 0)]
    record()
    deliver_all()
    move_clock(monkeypatch, timedelta(minutes=5))
    deliver_all()
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_dead_receiver_is_disabled_after_the_retry_window_and_its_owner_told(subscribed, monkeypatch, settings):
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    type(subscribed).objects.filter(pk=subscribed.pk).update(target_url=f"http://127.0.0.1:{port}/hooks")
    record()
    deliver_all()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.log.get().error
    for hours in (1, 6, 12, 20):
        move_clock(monkeypatch, timedelta(hours=hours))
        deliver_all()
    subscribed.refresh_from_db()
    assert subscribed.is_active  # still within the day
    move_clock(monkeypatch, timedelta(hours=settings.WEBHOOKS_RETRY_HOURS + 1))
    deliver_all()
    subscribed.refresh_from_db()
    delivery.refresh_from_db()
    assert not subscribed.is_active and "ConnectError" in subscribed.disabled_reason
    assert delivery.status == DeliveryStatus.FAILED
    email = OutboundEmail.objects.get(to="tech@mayors.example")
    assert "paused" in email.subject


def test_the_retries_wait_longer_each_time_with_jitter():
    from webhooks.services import _retry_delay

    delays = [_retry_delay(number) for number in range(1, 16)]
    assert 24 <= delays[0] <= 36
    assert all(later > earlier * 1.3 for earlier, later in zip(delays[:6], delays[1:7], strict=True))
    assert max(delays) <= 4 * 60 * 60 * 1.2


def test_an_event_waits_while_an_earlier_one_of_its_city_is_pending(subscribed, receiver, monkeypatch):
    receiver.answers = [(500, 0)]
    first, second, other_city = record(name="first"), record(name="second"), record("city:2", name="other")
    deliver_all()
    names = [json.loads(received.body)["data"]["name"] for received in receiver.received]
    assert names == ["first", "other"]  # the second waits for the first to be delivered; the other city does not
    assert delivery_attempt(delivery_id=Delivery.objects.get(event=second).pk) is None
    move_clock(monkeypatch, timedelta(minutes=5))
    deliver_all()
    names = [json.loads(received.body)["data"]["name"] for received in receiver.received]
    assert names == ["first", "other", "first", "second"]
    assert {first.pk, other_city.pk} <= set(Delivery.objects.filter(status="delivered").values_list("event", flat=True))


def test_a_redelivery_carries_the_same_webhook_id(subscribed, receiver):
    event = record()
    deliver_all()
    event_redeliver(subscription=subscribed, event=event)
    deliver_all()
    assert [received.headers["webhook-id"] for received in receiver.received] == [event.webhook_id] * 2


def test_everything_since_a_time_is_redelivered_in_order(subscribed, receiver, monkeypatch):
    old = record(name="old")
    Event.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    record(name="one"), record(name="two")
    deliver_all()
    assert events_redeliver_since(subscription=subscribed, since=timezone.now() - timedelta(days=1)) == 2
    deliver_all()
    names = [json.loads(received.body)["data"]["name"] for received in receiver.received]
    assert names == ["old", "one", "two", "one", "two"]


def test_after_rotation_both_secrets_verify_until_the_old_one_expires(subscribed, receiver, monkeypatch, settings):
    new_secret = subscription_secret_rotate(subscription=subscribed)
    record()
    deliver_all()
    signed = receiver.received[0]
    assert len(signed.headers["webhook-signature"].split(" ")) == 2
    Webhook(new_secret).verify(signed.body, signed.headers)
    Webhook(subscribed.shown_secret).verify(signed.body, signed.headers)
    move_clock(monkeypatch, timedelta(hours=settings.WEBHOOKS_PREVIOUS_SECRET_HOURS + 1))
    record(name="later")
    deliver_all()
    later = receiver.received[1]
    assert len(later.headers["webhook-signature"].split(" ")) == 1


def test_a_delivery_claimed_by_a_worker_that_died_is_sent_again_by_the_sweep(subscribed, receiver, monkeypatch):
    record()
    delivery = Delivery.objects.get()
    # The worker claimed it, then was killed before it could POST or write the result.
    Delivery.objects.filter(pk=delivery.pk).update(claimed_until=timezone.now() + timedelta(seconds=60), attempts=1)
    queued = []
    monkeypatch.setattr("webhooks.services._queue", queued.extend)
    assert deliveries_due_send() == 0  # its lease still runs: another worker might be sending it
    assert delivery_attempt(delivery_id=delivery.pk) is None
    move_clock(monkeypatch, timedelta(seconds=61))
    assert deliveries_due_send() == 1 and queued == [delivery.pk]
    delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert len(receiver.received) == 1


def test_a_disabled_subscription_gets_nothing_until_enabled_then_everything_in_order(subscribed, receiver):
    subscription_disable(subscription=subscribed, reason="Receiver down for maintenance.")
    record(name="first"), record(name="second")
    deliver_all()
    assert receiver.received == []
    subscription_enable(subscription=subscribed)
    deliver_all()
    assert [json.loads(received.body)["data"]["name"] for received in receiver.received] == ["first", "second"]


def test_a_subscription_gets_only_the_events_it_chose(subscribed, receiver):
    type(subscribed).objects.filter(pk=subscribed.pk).update(events=["city.approved"])
    record()
    assert not Delivery.objects.exists()
