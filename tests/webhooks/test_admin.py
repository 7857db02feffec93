"""Webhooks in admin: the secret shown once, actions that go through the services, hostile input answered below
500. Who may open what is in tests/test_permissions.py."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from webhooks.models import Delivery, Event, Subscription
from webhooks.services import event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def subscription_form(key, /, **fields) -> dict:
    return {
        "partner_key": key.pk,
        "target_url": "https://93.184.215.14/hooks",
        "events": ["city.approved", "progress.milestone"],
        "contact_email": "tech@mayors.example",
        **fields,
    }


def test_a_subscription_made_in_admin_shows_its_secret_once(superuser_client, partner_key):
    response = superuser_client.post("/admin/webhooks/subscription/add/", subscription_form(partner_key))
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert subscription.secret.startswith("whsec_") and subscription.secret in shown
    assert subscription.secret in superuser_client.get(response.url).content.decode()  # the next page shows it
    page = superuser_client.get(f"/admin/webhooks/subscription/{subscription.pk}/change/").content.decode()
    assert subscription.secret not in page  # and no page again
    assert subscription.events == ["city.approved", "progress.milestone"]


@pytest.mark.parametrize(
    "fields",
    [
        {"target_url": "https://10.1.2.3/hooks"},
        {"target_url": "https://93.184.215.14/\x00"},
        {"target_url": "x" * 5000},
        {"events": ["city.exploded"]},
        {"events": []},
        {"contact_email": "not an address"},
        {"partner_key": "999999"},
    ],
)
def test_hostile_subscription_forms_are_refused_with_the_error_shown(superuser_client, partner_key, fields):
    response = superuser_client.post("/admin/webhooks/subscription/add/", subscription_form(partner_key, **fields))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Subscription.objects.exists()


def test_rotating_shows_the_new_secret_and_keeps_the_old_signing(superuser_client, subscribed):
    old = Subscription.objects.get().secret
    response = superuser_client.post(
        "/admin/webhooks/subscription/", {"action": "rotate_secret", "_selected_action": [subscribed.pk]}
    )
    assert response.status_code == 302
    subscribed.refresh_from_db()
    assert subscribed.previous_secret == old and subscribed.secret != old
    assert subscribed.secret in " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.mark.parametrize("since", ["", "yesterday", "2026-02-30 10:00", "\x00", "9" * 300])
def test_redelivery_since_a_bad_time_asks_again(superuser_client, subscribed, since):
    event_record(event_type="city.updated", payload={}, city_key="city:1")
    Delivery.objects.update(status="delivered")
    response = superuser_client.post(
        "/admin/webhooks/subscription/",
        {"action": "redeliver_since", "_selected_action": [subscribed.pk], "confirm": "yes", "since": since},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Delivery.objects.get().status == "delivered"


def test_redelivery_since_a_time_queues_the_events_again(superuser_client, subscribed):
    event_record(event_type="city.updated", payload={}, city_key="city:1")
    Delivery.objects.update(status="delivered")
    superuser_client.post(
        "/admin/webhooks/subscription/",
        {"action": "redeliver_since", "_selected_action": [subscribed.pk], "confirm": "yes", "since": "2000-01-01"},
    )
    assert Delivery.objects.get().status == "pending"


def test_the_event_page_shows_its_payload_escaped(superuser_client):
    event = event_record(event_type="city.updated", payload={"name": "<script>alert(1)</script>"}, city_key="city:1")
    page = superuser_client.get(f"/admin/webhooks/event/{event.pk}/change/").content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert event.webhook_id in page
    assert Event.objects.count() == 1


def test_a_refused_address_is_said_next_to_it_and_kept_as_typed_not_as_a_link(superuser_client, partner_key):
    form = subscription_form(partner_key, target_url="https://10.1.2.3/hooks", events=[])
    page = superuser_client.post("/admin/webhooks/subscription/add/", form).content.decode()
    assert "10.1.2.3 is private, loopback or link-local" in page
    assert "Choose at least one event." in page
    assert 'value="https://10.1.2.3/hooks"' in page
    assert 'href="https://10.1.2.3/hooks"' not in page  # the admin's URL widget would offer it as "Currently"


def test_the_list_names_the_events_of_each_subscription(superuser_client, partner_key, subscribed):
    superuser_client.post("/admin/webhooks/subscription/add/", subscription_form(partner_key))
    rows = superuser_client.get("/admin/webhooks/subscription/").content.decode()
    assert "Every event" in rows and "city.approved, progress.milestone" in rows
    assert "[&quot;city.approved&quot;" not in rows


def test_a_delivery_names_its_event_and_the_partner(superuser_client, subscribed):
    event = event_record(event_type="city.updated", payload={}, city_key="city:1")
    delivery = Delivery.objects.get()
    page = superuser_client.get(f"/admin/webhooks/delivery/{delivery.pk}/change/").content.decode()
    assert f"city.updated {event.webhook_id} → Mayors for Peace (pending)" in page


def test_the_deliveries_list_and_a_delivery_read_each_partner_with_the_delivery(
    superuser_client, subscribed, django_assert_max_num_queries
):
    def queries_of(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert superuser_client.get(url).status_code == 200
        return len(queries)

    event_record(event_type="city.updated", payload={}, city_key="city:1")
    one = queries_of("/admin/webhooks/delivery/")
    for number in range(9):
        event_record(event_type="city.updated", payload={}, city_key=f"city:{number + 2}")
    assert queries_of("/admin/webhooks/delivery/") == one
    # The page's title names the partner (Delivery.__str__): read with the delivery, not after it (8 queries then).
    with django_assert_max_num_queries(5):
        superuser_client.get(f"/admin/webhooks/delivery/{Delivery.objects.first().pk}/change/")
