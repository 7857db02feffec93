"""E-mail is never lost: it waits in the outbox while the broker or the mail server is down."""

import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import redis
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from kombu import pools as kombu_pools

from icp_portal.celery import app as celery_app
from outbox.models import OutboundEmail
from outbox.services import ClaimedElsewhere, email_queue, outbound_email_send, pending_emails_send

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DisposableRedis:
    """A Redis server of the test's own, so the test can really stop it without touching anyone else's."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def queued_messages(self) -> int:
        return redis.Redis.from_url(self.url).llen("celery")


@pytest.fixture
def disposable_broker(monkeypatch):
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server (apt-get install redis-server) to stop a real broker")
    broker = DisposableRedis()
    broker.start()
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = broker.url, False
    monkeypatch.setenv("CELERY_BROKER_URL", broker.url)  # Celery reads this before its own setting
    forget_broker_connections()
    yield broker
    if broker.process.poll() is None:
        broker.stop()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
    monkeypatch.undo()
    forget_broker_connections()


def forget_broker_connections() -> None:
    """Celery keeps connection and producer pools; after a change of broker they must be made anew."""
    celery_app.pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


def test_with_the_broker_stopped_the_change_succeeds_and_the_mail_waits(
    disposable_broker, django_capture_on_commit_callbacks, caplog
):
    disposable_broker.stop()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(to="amina@example.org", subject="Welcome", body="Kisumu is a City of Peace.")
    assert time.monotonic() - started < 10, "a request must not hang on a stopped broker"
    waiting = OutboundEmail.objects.get()
    assert waiting.sent_at is None and mail.outbox == []
    assert "waits in the outbox" in caplog.text  # the publish really failed, and was survived

    disposable_broker.start()  # Redis is back: the periodic sweep delivers what waited
    assert pending_emails_send() == 1
    assert mail.outbox[0].to == ["amina@example.org"]
    waiting.refresh_from_db()
    assert waiting.sent_at is not None
    assert pending_emails_send() == 0  # and never twice


def test_with_the_broker_up_the_task_is_published_to_it(disposable_broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(to="amina@example.org", subject="Welcome", body="Hello")
    assert f"127.0.0.1:{disposable_broker.port}" in celery_app.connection_for_write().as_uri()
    assert disposable_broker.queued_messages() == 1
    assert OutboundEmail.objects.get().sent_at is None  # a worker sends it


class FailingOnceBackend(EmailBackend):
    failures_left = 1

    def send_messages(self, messages):
        if FailingOnceBackend.failures_left:
            FailingOnceBackend.failures_left -= 1
            raise ConnectionRefusedError("smtp.example.org refused the connection")
        return super().send_messages(messages)


def test_a_send_failing_once_is_retried_and_sent_once(settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.FailingOnceBackend"
    FailingOnceBackend.failures_left = 1
    message = OutboundEmail.objects.create(to="amina@example.org", subject="Welcome", body="Hello")
    with pytest.raises(ConnectionRefusedError):
        outbound_email_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.sent_at is None and "refused" in message.last_error and message.attempts == 1
    assert pending_emails_send() == 1
    assert len(mail.outbox) == 1
    assert outbound_email_send(message_id=message.pk) is False  # already sent: a late retry sends nothing


def test_two_workers_claiming_the_same_message_send_it_once():
    message = OutboundEmail.objects.create(to="amina@example.org", subject="Welcome", body="Hello")
    assert outbound_email_send(message_id=message.pk) is True
    assert outbound_email_send(message_id=message.pk) is False
    assert len(mail.outbox) == 1


def test_a_message_claimed_by_a_worker_that_died_is_sent_once_its_claim_runs_out(settings):
    message = OutboundEmail.objects.create(to="amina@example.org", subject="Welcome", body="Hello")
    # A worker claimed it and was killed before sending: the claim stands, the message is not sent.
    OutboundEmail.objects.filter(pk=message.pk).update(claimed_until=timezone.now() + timedelta(seconds=60))
    with pytest.raises(ClaimedElsewhere) as claimed:
        outbound_email_send(message_id=message.pk)
    assert 55 < claimed.value.seconds_left <= 60  # the task looks again then
    assert pending_emails_send() == 0 and mail.outbox == []  # the sweep leaves it to the claim's owner meanwhile

    OutboundEmail.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert pending_emails_send() == 1
    assert pending_emails_send() == 0
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.sent_at is not None and message.claimed_until is None


def test_the_message_is_marked_sent_only_after_the_mail_server_took_it(settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.FailingOnceBackend"
    FailingOnceBackend.failures_left = 1
    message = OutboundEmail.objects.create(to="amina@example.org", subject="Welcome", body="Hello")
    with pytest.raises(ConnectionRefusedError):
        outbound_email_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.sent_at is None and message.claimed_until is None  # free for the next try at once


@pytest.mark.django_db
def test_a_subject_quoting_what_someone_typed_is_one_line_that_fits(django_capture_on_commit_callbacks):
    # A community's name, sent from a forged form, may hold line breaks: a header with one is never sent.
    name = "Ashland\r\nBcc: everyone@example.org " + "N" * 400
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(to="amina@example.org", subject=f"Welcome: {name} is a City of Peace", body="Hello")
    sent = mail.outbox[0]
    assert sent.subject.startswith("Welcome: Ashland Bcc: everyone@example.org NNN")
    assert len(sent.subject) == 300 and sent.subject.endswith("…")
    assert sent.to == ["amina@example.org"] and not sent.bcc
