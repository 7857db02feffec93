"""Events are recorded with the change that causes them, carry what the API says of the object, and keep the order
in which a partner must hear of them."""

import threading
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.choices import ApplicationStatus
from members.choices import MembershipStatus
from members.models import City
from members.services import city_change_status, city_profile_set
from progress.services import progress_snapshot_take
from tests.factories import CityFactory
from webhooks.models import Delivery, DeliveryAttempt, Event
from webhooks.services import DELIVERY_THREAD

from .helpers import application_in_review, approved_city, reviewer_user

pytestmark = pytest.mark.django_db


def test_an_approval_is_told_first_then_what_came_with_it_and_no_update_of_its_profile():
    city = approved_city()
    types = list(Event.objects.order_by("id").values_list("type", flat=True))
    assert types[0] == "city.approved"
    assert "initiative.published" in types and "city.updated" not in types
    assert set(Event.objects.values_list("city_key", flat=True)) == {f"city:{city.pk}"}


def test_the_payload_is_what_the_api_gives_for_the_city(client):
    city = approved_city()
    payload = Event.objects.get(type="city.approved").payload
    assert payload["data"] == client.get(f"/api/v1/cities/{city.slug}/").json()
    assert payload["type"] == "city.approved" and payload["timestamp"].endswith("Z")


def test_an_approval_that_fails_half_way_records_no_event(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("initiatives.services.unique_slug", broken)
    with pytest.raises(RuntimeError):
        approved_city()
    assert not Event.objects.exists() and not City.objects.exists()


def test_a_status_change_and_a_reinstatement_are_told_with_the_previous_status():
    city = CityFactory()
    city_change_status(city=city, status=MembershipStatus.WITHDRAWN, reason="The council revoked it.")
    city_change_status(city=city, status=MembershipStatus.ACTIVE, reason="")
    changes = [
        (event.payload["previous_status"], event.payload["data"]["status"])
        for event in Event.objects.filter(type="city.status_changed").order_by("id")
    ]
    assert changes == [("active", "withdrawn"), ("withdrawn", "active")]


def test_a_profile_update_is_told_with_the_fields_that_changed():
    city = CityFactory()
    city_profile_set(city=city, vision="Neighbours who talk.")
    event = Event.objects.get(type="city.updated")
    assert event.payload["changed"] == ["vision"]
    assert event.payload["url"] == f"http://testserver/api/v1/cities/{city.slug}/"


def test_every_fiftieth_member_is_a_milestone_told_once():
    CityFactory.create_batch(49, member_since=timezone.localdate() - timedelta(days=10))
    progress_snapshot_take()  # the first snapshot finds the network as it is
    assert not Event.objects.exists()
    CityFactory(member_since=timezone.localdate())
    progress_snapshot_take()
    progress_snapshot_take()
    milestone = Event.objects.get(type="progress.milestone")
    assert milestone.payload["milestone"] == {"members": 50, "is_goal": False}
    assert milestone.payload["data"]["members"] == 50


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_hangs_does_not_delay_the_approval(client, subscribed, receiver, settings):
    settings.WEBHOOKS_TIMEOUT_SECONDS = 3.0
    receiver.answers = [(200, 6.0)]
    reviewer = reviewer_user()
    application = application_in_review(reviewer)
    client.force_login(reviewer)
    started = time.monotonic()
    response = client.post(reverse("admin:applications_application_decide", args=[application.pk, "approve"]), {})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert elapsed < settings.WEBHOOKS_TIMEOUT_SECONDS, f"the approval took {elapsed:.2f} s"
    # The delivery went on without the request: it times out in its own thread and is logged for a retry.
    deadline = time.monotonic() + 10
    while not DeliveryAttempt.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    attempt = DeliveryAttempt.objects.select_related("delivery__event").first()
    assert attempt.delivery.event.type == "city.approved"
    assert "Timeout" in attempt.error
    assert Delivery.objects.get(pk=attempt.delivery_id).status == "pending"
    for thread in threading.enumerate():
        if thread.name == DELIVERY_THREAD:
            thread.join(timeout=10)
    print(f"approval POST with a hanging receiver: {elapsed * 1000:.0f} ms")


@pytest.mark.parametrize(
    ("highest_before", "members", "goal", "passed"),
    [
        (49, 50, 1000, [(50, False)]),
        (48, 103, 1000, [(50, False), (100, False)]),
        (50, 50, 1000, []),  # told already, however often the snapshot is retaken
        (990, 1000, 1000, [(1000, True)]),
        (120, 130, 125, [(125, True)]),  # a goal off the round numbers is a milestone too
    ],
)
def test_the_milestones_passed_between_two_counts(highest_before, members, goal, passed):
    from progress.milestones import milestones_passed

    assert milestones_passed(highest_before=highest_before, members=members, goal=goal) == passed
