"""A Celery worker killed in the middle of a task, through the real broker: the task runs again and, being
idempotent, leaves no duplicate. The scenarios are bench/worker_kill.py's, which prints their timings.

The task is caught in the middle deterministically: the test holds, in a transaction of its own, the row the task is
about to write, waits until PostgreSQL shows the task waiting on it, kills, then lets go. The worker whose child is
killed requeues the task at once (CELERY_TASK_REJECT_ON_WORKER_LOST); a whole worker killed leaves the task
unacknowledged in Redis until CELERY_BROKER_VISIBILITY_TIMEOUT has passed, here two seconds, for a new worker to
take. That new worker hands back any task of the same Redis database left unacknowledged that long: give the tests
a database number of their own (CI does)."""

import uuid

import pytest
from django.conf import settings
from django.db import connection

from bench.worker_kill import KILL_CHILD, KILL_WORKER, EmailCase, SnapshotCase, run_scenario, worker_environment
from outbox.models import OutboundEmail
from tests.factories import CityFactory
from tests.progress.test_worker import worker_database_url

VISIBILITY_TIMEOUT = 2  # seconds; production keeps the default (settings), which outlasts every task

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_dir(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def environment(mail_dir):
    """The workers' environment: this test database, the broker of CELERY_BROKER_URL, e-mail as files."""
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker: set CELERY_BROKER_URL=redis://127.0.0.1:6379/<n> (CI does)")
    if connection.vendor != "postgresql":
        pytest.skip("holds a row lock and reads pg_stat_activity: run with DATABASE_URL=postgres://...")
    CityFactory(name="Ashland", country="US")
    CityFactory(name="Kisumu", country="KE", region="")
    return worker_environment(
        database_url=worker_database_url(), broker_url=settings.CELERY_BROKER_URL, mail_dir=mail_dir
    )


def killed_mid_task(case, *, kill: str, environment: dict[str, str]):
    """Runs the scenario on a queue of the test's own, so no other worker takes its task."""
    queue = f"worker-killed-test-{uuid.uuid4().hex[:12]}"
    return run_scenario(case, kill=kill, queue=queue, environment=environment, visibility_timeout=VISIBILITY_TIMEOUT)


@pytest.mark.parametrize("kill", [KILL_CHILD, KILL_WORKER])
def test_snapshot_runs_again_to_one_row_for_the_day_when_its_worker_is_killed_mid_task(environment, kill):
    outcome = killed_mid_task(SnapshotCase(), kill=kill, environment=environment)

    assert outcome.failures == [], outcome.report()
    assert outcome.succeeded is not None


def test_email_is_sent_exactly_once_when_the_worker_child_sending_it_is_killed(environment, mail_dir):
    # The child only: a whole worker killed ends the same way (bench/worker_kill.py runs both), and each worker
    # started costs seconds.
    case = EmailCase(mail_dir=mail_dir)
    outcome = killed_mid_task(case, kill=KILL_CHILD, environment=environment)

    assert outcome.succeeded is not None, outcome.report()  # the task did run again
    assert outcome.failures == [], outcome.report()
    assert case.sent_count() == 1
    assert OutboundEmail.objects.get(pk=case.message_id).sent_at is not None
