"""The snapshot task through the real broker to a real Celery worker, as in production (CI sets the broker)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from progress.models import ProgressSnapshot
from progress.tasks import take_progress_snapshot
from tests.factories import CityFactory

BASE_DIR = Path(settings.BASE_DIR)
WORKER_STARTS_WITHIN = 60  # seconds: a cold worker imports Django, the apps and connects to Redis


def worker_database_url() -> str:
    """DATABASE_URL of the test database this process uses, for the worker to write to."""
    database = connection.settings_dict
    name = str(database["NAME"])
    if connection.vendor == "sqlite":
        if name == ":memory:" or "mode=memory" in name:
            pytest.skip("the worker cannot see an in-memory SQLite test database: run with DATABASE_URL=postgres://...")
        return f"sqlite:///{name}"
    if connection.vendor != "postgresql":
        pytest.skip(f"no DATABASE_URL for a {connection.vendor} test database")
    credentials = quote(database["USER"] or "", safe="")
    if database.get("PASSWORD"):
        credentials += ":" + quote(database["PASSWORD"], safe="")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{name}"


@pytest.fixture
def worker():
    """A Celery worker process on a queue of this test's own, so no other worker takes its task."""
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker: set CELERY_BROKER_URL=redis://127.0.0.1:6379/<n> (CI does)")
    queue = f"progress-test-{uuid.uuid4().hex[:12]}"
    environment = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_LOG_FORMAT": "plain",
    }
    command = [
        str(Path(sys.executable).with_name("celery")),
        "-A",
        "icp_portal",
        "worker",
        "--pool",
        "solo",
        "--queues",
        queue,
        "--hostname",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "INFO",
    ]
    process = subprocess.Popen(
        command, cwd=BASE_DIR, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    yield queue, process
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_the_snapshot_sent_through_the_broker(worker):
    queue, process = worker
    CityFactory(name="Ashland", country="US")
    CityFactory(name="Kisumu", country="KE", region="")
    take_progress_snapshot.apply_async(queue=queue)

    deadline = time.monotonic() + WORKER_STARTS_WITHIN
    snapshot = None
    while snapshot is None and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.25)
        snapshot = ProgressSnapshot.objects.filter(date=timezone.localdate()).first()
    if snapshot is None:
        process.terminate()
        output = process.communicate(timeout=15)[0]
        pytest.fail(f"no snapshot within {WORKER_STARTS_WITHIN} s; the worker said:\n{output[-4000:]}")
    assert (snapshot.members, snapshot.countries, snapshot.continents) == (2, 2, 2)
    assert snapshot.backfilled is False
    assert ProgressSnapshot.objects.filter(backfilled=True).exists()  # its first run rebuilt the history too
