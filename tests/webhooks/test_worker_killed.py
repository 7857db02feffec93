"""A Celery worker killed in the middle of a delivery, through the real broker: the delivery is not lost. Its lease
runs out and the sweep queues it again; the receiver gets it a second time, with the same webhook-id."""

import os
import signal
import time
import uuid

import pytest
from django.db import connection

from bench.worker_kill import Worker, worker_environment
from tests.progress.test_worker import worker_database_url
from webhooks.choices import DeliveryStatus
from webhooks.models import Delivery
from webhooks.services import deliveries_due_send, event_record
from webhooks.tasks import deliver_webhook

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

LEASE_SECONDS = 3


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_delivery_whose_worker_is_killed_mid_post_is_delivered_again_with_the_same_id(
    subscribed, receiver, tmp_path, settings
):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker: set CELERY_BROKER_URL=redis://127.0.0.1:6379/<n> (CI does)")
    if connection.vendor != "postgresql":
        pytest.skip("the worker needs the test database: run with DATABASE_URL=postgres://...")
    settings.WEBHOOKS_CLAIM_SECONDS = LEASE_SECONDS
    environment = {
        **worker_environment(
            database_url=worker_database_url(), broker_url=settings.CELERY_BROKER_URL, mail_dir=tmp_path
        ),
        "PORTAL_BASE_URL": "http://testserver",
        "WEBHOOKS_ALLOW_LOOPBACK": "on",
        "WEBHOOKS_REQUIRE_HTTPS": "off",
        "WEBHOOKS_TIMEOUT_SECONDS": "30",
        "WEBHOOKS_CLAIM_SECONDS": str(LEASE_SECONDS),
    }
    receiver.answers = [(200, 20.0)]  # the first POST hangs: the worker is killed while it waits
    event_record(event_type="city.updated", payload={"type": "city.updated"}, city_key="city:1")
    delivery = Delivery.objects.get()
    queue = f"webhooks-killed-test-{uuid.uuid4().hex[:12]}"
    # A queue of its own for deliveries, the first send and the sweep's alike.
    settings.WEBHOOKS_QUEUE = queue
    worker = Worker(queue=queue, environment=environment, name=queue)
    try:
        assert worker.wait_ready() is not None, worker.output()
        deliver_webhook.apply_async((delivery.pk,), queue=queue)
        assert wait_until(lambda: len(receiver.received) == 1, 30), worker.output()
        (child,) = worker.children()
        os.kill(child, signal.SIGKILL)  # mid-POST: no result written
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.PENDING and delivery.claimed_until is not None
        assert not delivery.log.exists()
        time.sleep(LEASE_SECONDS + 0.5)
        assert deliveries_due_send() == 1
        assert wait_until(lambda: Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELIVERED, 30), (
            worker.output()
        )
    finally:
        worker.stop(warm=False)
    assert len(receiver.received) == 2
    assert receiver.received[0].headers["webhook-id"] == receiver.received[1].headers["webhook-id"]
