"""What one delivery costs the database: four statements written by hand (webhooks/delivery_sql.py), however many
events, deliveries and subscriptions there are; and the hand-written claim agrees with `Delivery.objects.due`."""

from datetime import timedelta

import pytest
from django.utils import timezone

from partners.services import partner_key_create
from webhooks import delivery_sql
from webhooks.choices import DeliveryStatus, EventType
from webhooks.models import Delivery, Subscription
from webhooks.services import delivery_attempt, subscription_create

from .test_delivery import record

pytestmark = pytest.mark.django_db

QUERIES_A_DELIVERY = 4  # claim, load what the POST needs, log the attempt, conclude (and find the city's next)


@pytest.mark.parametrize("answer", [200, 500, 410])
def test_a_delivery_takes_four_queries_however_many_events_wait(
    subscribed, receiver, partner_key, django_assert_max_num_queries, answer
):
    other, _secret = subscription_create(
        partner_key=partner_key, target_url=receiver.url, events=EventType.values, contact_email="b@mayors.example"
    )
    for number in range(30):
        record(city_key=f"city:{number % 5}", name=f"City {number}")
    receiver.answers = [(answer, 0)]
    first = Delivery.objects.filter(subscription=subscribed).order_by("event_id").first()
    with django_assert_max_num_queries(QUERIES_A_DELIVERY):
        attempt = delivery_attempt(delivery_id=first.pk)
    assert attempt.status_code == answer
    first.refresh_from_db()
    expected = {200: DeliveryStatus.DELIVERED, 500: DeliveryStatus.PENDING, 410: DeliveryStatus.FAILED}[answer]
    assert first.status == expected and first.claimed_until is None
    assert Delivery.objects.filter(subscription=other, attempts=0).count() == 30  # the other partner's wait


def test_the_claim_takes_exactly_the_deliveries_the_queryset_calls_due(subscribed, receiver, settings):
    """Deliveries in every state; each claimed alone with the hand-written SQL: the same ones as `due()` lists."""
    now = timezone.now()
    revoked_key, _key = partner_key_create(organisation="Revoked partner")
    subscription_create(
        partner_key=revoked_key, target_url=receiver.url, events=EventType.values, contact_email="r@example.org"
    )
    paused_key, _key = partner_key_create(organisation="Paused partner")
    paused, _secret = subscription_create(
        partner_key=paused_key, target_url=receiver.url, events=EventType.values, contact_email="p@example.org"
    )
    Subscription.objects.filter(pk=paused.pk).update(is_active=False)
    states = {
        "due": {},
        "later": {"next_attempt_at": now + timedelta(minutes=1)},
        "held": {"claimed_until": now + timedelta(seconds=30)},
        "lease ran out": {"claimed_until": now - timedelta(seconds=1)},
        "delivered": {"status": DeliveryStatus.DELIVERED},
        "failed": {"status": DeliveryStatus.FAILED},
    }
    for number, (name, fields) in enumerate(states.items()):
        event = record(city_key=f"city:{number}", name=name)  # one delivery to each of the three subscriptions
        Delivery.objects.filter(event=event).update(**fields)
    # The same city again: waits for the earlier one where that is pending, goes where it was delivered or failed.
    for number in range(len(states)):
        record(city_key=f"city:{number}", name="later event of the city")
    revoked_key.revoked_at = now  # after its deliveries were recorded
    revoked_key.save(update_fields=["revoked_at"])
    assert Delivery.objects.filter(subscription__partner_key=revoked_key).count() == 2 * len(states)
    due = set(Delivery.objects.due(timezone.now()).values_list("pk", flat=True))
    claimed = set()
    for delivery in Delivery.objects.order_by("pk"):
        now = timezone.now()
        lease = now + timedelta(seconds=settings.WEBHOOKS_CLAIM_SECONDS)
        if delivery_sql.delivery_claim(delivery_id=delivery.pk, now=now, lease_until=lease, retry_window_start=now):
            claimed.add(delivery.pk)
    assert claimed == due
    assert len(due) == 2 + 2  # due and lease-ran-out, and the later events of the delivered and failed cities
    assert not Delivery.objects.filter(pk__in=due).exclude(subscription=subscribed).exists()
    assert delivery_sql.delivery_claim(delivery_id=min(due), now=now, lease_until=lease, retry_window_start=now) is None
