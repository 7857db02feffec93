"""Webhooks under a burst of approvals: every event reaches three receivers, in order per city, and the approval
request does not wait for any of them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/webhooks.py

Creates its own throwaway database (`icp_bench_webhooks`, or --database) on that server and its own redis-server on
a free loopback port; starts gunicorn (2 workers) and, as the Procfile does, a Celery worker for the portal's own
tasks and one (a thread pool) for the `webhooks` queue, whose CPU is counted; and three receivers (local HTTP
servers checking each signature with the `standardwebhooks` package), one of them slow (it waits --slow-seconds
before each answer). The receivers run in a process of their own at the lowest priority (nice 19): they stand for
partners' servers, which run on other machines, so their handling and signature checks must not compete with the
bench's timing clients for this process's GIL, nor with the portal for the CPU. This process asks that one what
arrived. Then, with several reviewers' requests at once, as staff in admin:

1. approves --cities applications with no subscriber (after a few not timed, to warm the workers up): the approval
   request's time without webhooks;
2. subscribes the three receivers to every event, and approves --cities more: the time with them;
3. waits until every event of step 2 reached every receiver, and checks that each receiver got each city's events
   in the order they happened, each signature valid.

Prints p50/p95 of the approval request in both steps and how long the receivers took to get everything. Exit
status 1 when an event is missing, came out of order or was badly signed.
"""

import argparse
import http.server
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from _common import (
    REPO,
    bench_environment,
    cpu_seconds,
    free_port,
    start_gunicorn,
    stop,
    throwaway_database,
    wait_until_up,
)
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from worker_kill import redis_server

DATABASE = "icp_bench_webhooks"
WARM_UP_APPROVALS = 10
CSRF_TOKEN = "webhookbenchcsrftokenwebhookbenc"  # 32 letters: Django accepts its unmasked secret in the form


@dataclass
class Receiver:
    """A partner's receiver: records each webhook-id in the order it arrived, and whether it was signed right."""

    name: str
    wait_seconds: float = 0.0
    secret: str = ""
    secret_known: threading.Event = field(default_factory=threading.Event)
    arrived: list[str] = field(default_factory=list)
    bad_signatures: int = 0
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> http.server.ThreadingHTTPServer:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keeps the connection open, as a partner's server does

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.secret_known.wait()  # the portal tells the secret only once subscribed
                time.sleep(receiver.wait_seconds)
                try:
                    Webhook(receiver.secret).verify(body, dict(self.headers))
                    verified = True
                except WebhookVerificationError:
                    verified = False
                with receiver.lock:
                    receiver.arrived.append(self.headers["webhook-id"])
                    receiver.bad_signatures += not verified
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def report(self) -> tuple[list[str], int]:
        with self.lock:
            return list(self.arrived), self.bad_signatures


def serve_receivers(connection: Connection, slow_seconds: float) -> None:
    """The receivers' process: sends their URLs, then answers the bench's messages until told to stop."""
    # The receivers stand for partners' servers, elsewhere in reality: at the lowest priority, the deliveries they
    # handle take as little CPU as possible from the portal, its workers and the bench's timing clients.
    os.nice(19)
    receivers = [Receiver("fast A"), Receiver("fast B"), Receiver("slow", wait_seconds=slow_seconds)]
    for receiver in receivers:
        receiver.start()
    connection.send([receiver.url for receiver in receivers])
    while True:
        message, payload = connection.recv()
        if message == "secrets":
            for receiver, secret in zip(receivers, payload, strict=True):
                receiver.secret = secret
                receiver.secret_known.set()
        elif message == "report":
            connection.send({receiver.name: receiver.report() for receiver in receivers})
        else:
            return


class ReceiversProcess:
    """The receivers, run by `serve_receivers` in a process of its own; this side sends them their secrets and asks
    for each receiver's webhook-ids in arrival order and its count of bad signatures."""

    def __init__(self, slow_seconds: float):
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this one's state or threads
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=serve_receivers, args=(child_end, slow_seconds), daemon=True)
        self.process.start()
        child_end.close()
        self.urls: list[str] = self.connection.recv()

    def tell_secrets(self, secrets: list[str]) -> None:
        self.connection.send(("secrets", secrets))

    def report(self) -> dict[str, tuple[list[str], int]]:
        """Each receiver's name: (its webhook-ids in the order they arrived, its count of bad signatures)."""
        self.connection.send(("report", None))
        return self.connection.recv()

    def __enter__(self) -> "ReceiversProcess":
        return self

    def __exit__(self, *exception) -> None:
        if self.process.is_alive():
            self.connection.send(("stop", None))
            self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
        self.connection.close()


def start_worker(environment: dict[str, str], *, queue: str, threads: int, log: Path, nice: int) -> subprocess.Popen:
    # Threads: a delivery waits on the network, not on the CPU; one slow receiver must not hold the others up.
    command = ["nice", "-n", str(nice)] if nice else []
    command += [str(Path(sys.executable).with_name("celery")), "-A", "icp_portal", "worker", "--pool", "threads"]
    command += ["--queues", queue, "--hostname", f"{queue}@%h"]
    command += ["--concurrency", str(threads), "--without-gossip", "--without-mingle", "--loglevel", "WARNING"]
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=REPO, env=environment, stdout=output, stderr=subprocess.STDOUT)


def applications_in_review(count: int, first: int) -> list[int]:
    """`count` complete applications, each a community of its own, taken for review by the bench's reviewer."""
    from applications.choices import ApplicationStatus
    from applications.review import application_take_for_review
    from members.models import User
    from tests.factories import ApplicationFactory

    reviewer = User.objects.get(email="reviewer@bench.example")
    ids = []
    for number in range(first, first + count):
        application = ApplicationFactory(complete=True, status=ApplicationStatus.SUBMITTED, name=f"Bench City {number}")
        ids.append(application_take_for_review(application=application, reviewer=reviewer).pk)
    return ids


def reviewer_session() -> str:
    """The session cookie of a reviewer signed in (the admin's second factor is off for the bench)."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from tests.factories import UserFactory

    reviewer = UserFactory(email="reviewer@bench.example", is_staff=True, is_superuser=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    client = Client()
    client.force_login(reviewer)
    return client.cookies["sessionid"].value


def approve_all(base: str, session: str, application_ids: list[int], clients: int) -> list[float]:
    """Approves each application through the admin's decision page, `clients` requests at once; their seconds."""
    cookie = f"sessionid={session}; csrftoken={CSRF_TOKEN}"
    opener = urllib.request.build_opener(NoRedirect)

    def approve(application_id: int) -> float:
        request = urllib.request.Request(
            f"{base}/admin/applications/application/{application_id}/decide/approve/",
            data=f"csrfmiddlewaretoken={CSRF_TOKEN}&message=".encode(),
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        started = time.monotonic()
        try:
            opener.open(request, timeout=60).close()
            raise SystemExit(f"application {application_id}: approval answered 200, not the redirect of success")
        except urllib.error.HTTPError as answer:
            if answer.code != 302:
                raise SystemExit(f"application {application_id}: approval answered {answer.code}") from answer
        return time.monotonic() - started

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(approve, application_ids))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def events_since(first_event_id: int) -> list[tuple[str, str]]:
    """(webhook-id, city key) of every event recorded from `first_event_id` on, in the order they happened."""
    from webhooks.models import Event

    events = Event.objects.filter(pk__gte=first_event_id).order_by("pk")
    return [(event.webhook_id, event.city_key) for event in events]


def order_problems(arrived: list[str], expected: list[tuple[str, str]]) -> tuple[int, int, int]:
    """(missing, out of order, repeated) for one receiver: each city's events must first arrive in event order."""
    first_arrival: dict[str, int] = {}
    for position, webhook_id in enumerate(arrived):
        first_arrival.setdefault(webhook_id, position)
    missing = sum(webhook_id not in first_arrival for webhook_id, _ in expected)
    last_of_city: dict[str, int] = {}
    out_of_order = 0
    for webhook_id, city_key in expected:
        if webhook_id not in first_arrival:
            continue
        if first_arrival[webhook_id] < last_of_city.get(city_key, -1):
            out_of_order += 1
        last_of_city[city_key] = first_arrival[webhook_id]
    return missing, out_of_order, len(arrived) - len(first_arrival)


def run(
    options: argparse.Namespace, database_url: str, broker_url: str, workdir: Path, receivers: ReceiversProcess
) -> int:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **bench_environment(database_url, anonymous_rate="100000/minute"),
        "CELERY_BROKER_URL": broker_url,
        "PORTAL_BASE_URL": base,
        "EMAIL_URL": f"filemail://{workdir / 'mail'}",
        "DJANGO_STAFF_REQUIRE_2FA": "off",
        "DJANGO_SECURE_COOKIES": "off",
        # The receivers are on loopback, over plain HTTP: allowed for this bench only, never in production.
        "WEBHOOKS_ALLOW_LOOPBACK": "on",
        "WEBHOOKS_REQUIRE_HTTPS": "off",
        "DJANGO_SETTINGS_MODULE": "icp_portal.settings",
    }
    os.environ.update(environment)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    from partners.services import partner_key_create
    from webhooks.choices import EventType
    from webhooks.models import Event
    from webhooks.services import subscription_create

    call_command("migrate", verbosity=0, interactive=False)
    session = reviewer_session()
    warm_up_ids = applications_in_review(WARM_UP_APPROVALS, first=1)
    without_ids = applications_in_review(options.cities, first=WARM_UP_APPROVALS + 1)
    with_ids = applications_in_review(options.cities, first=WARM_UP_APPROVALS + options.cities + 1)
    gunicorn = start_gunicorn(environment, port=port, workers=2, log=workdir / "gunicorn.log")
    log = workdir / "worker.log"
    tasks_worker = start_worker(environment, queue="celery", threads=2, log=log, nice=0)
    worker = start_worker(
        environment, queue="webhooks", threads=options.worker_threads, log=log, nice=options.worker_nice
    )
    try:
        wait_until_up(base + "/healthz", seconds=60)
        print(
            f"Webhooks: {options.cities} approvals in a burst ({options.clients} at once), gunicorn 2 workers, "
            f"webhooks worker {options.worker_threads} threads (nice {options.worker_nice}), PostgreSQL; receivers "
            f"(HTTP/1.1, a process of their own at nice 19): two fast, one waiting {options.slow_seconds:g} s; "
            f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        approve_all(base, session, warm_up_ids, options.clients)  # each gunicorn worker's first requests load code
        without = approve_all(base, session, without_ids, options.clients)
        secrets = []
        for number, url in enumerate(receivers.urls):
            partner_key, _key = partner_key_create(organisation=f"Bench partner {number}")
            _subscription, secret = subscription_create(
                partner_key=partner_key,
                target_url=url,
                events=EventType.values,
                contact_email=f"partner{number}@bench.example",
            )
            secrets.append(secret)
        receivers.tell_secrets(secrets)
        first_event_id = (Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        burst_started, worker_cpu_before = time.monotonic(), cpu_seconds(worker.pid)
        with_receivers = approve_all(base, session, with_ids, options.clients)
        deadline = time.monotonic() + options.wait_seconds
        # Read again while waiting: the worker records events too (a milestone when the snapshot task counts).
        while time.monotonic() < deadline:
            expected = events_since(first_event_id)
            wanted = {webhook_id for webhook_id, _ in expected}
            reports = receivers.report()
            if all(wanted <= set(arrived) for arrived, _bad_signatures in reports.values()):
                break
            time.sleep(0.5)
        all_arrived = time.monotonic() - burst_started
        worker_cpu = cpu_seconds(worker.pid) - worker_cpu_before
    finally:
        stop(worker)
        stop(tasks_worker)
        stop(gunicorn)
        from django.db import connections

        connections.close_all()

    print(f"{'approval request':<34}{'p50':>9}{'p95':>9}{'max':>9}")
    for label, times in (("no subscriber", without), ("three receivers, one slow", with_receivers)):
        print(
            f"  {label:<32}{percentile(times, 0.5) * 1000:>7.0f}ms{percentile(times, 0.95) * 1000:>7.0f}ms"
            f"{max(times) * 1000:>7.0f}ms"
        )
    ratio = percentile(with_receivers, 0.5) / percentile(without, 0.5)
    print(f"  p50 with receivers / without: {ratio:.2f}")
    print(
        f"{len(expected)} events of {options.cities} approvals; everything arrived {all_arrived:.1f} s after the burst"
    )
    from webhooks.models import DeliveryAttempt

    attempts = DeliveryAttempt.objects.count()
    unanswered = DeliveryAttempt.objects.exclude(status_code__range=(200, 299)).count()
    print(
        f"{attempts} POSTs ({unanswered} without a 2xx in time, retried); the webhooks worker used {worker_cpu:.1f} s "
        f"of CPU for them ({worker_cpu / len(expected) / len(reports) * 1000:.0f} ms a delivery)"
    )
    failed = False
    for name, (arrived, bad_signatures) in reports.items():
        missing, out_of_order, repeated = order_problems(arrived, expected)
        print(
            f"  {name:<8} received {len(arrived)}: missing {missing}, out of order {out_of_order}, "
            f"repeated {repeated}, bad signatures {bad_signatures}"
        )
        failed |= bool(missing or out_of_order or bad_signatures)
    print("FAILED: an event is missing, out of order or badly signed" if failed else "OK: every event, in order")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=200, help="approvals in each step (default 200)")
    parser.add_argument("--clients", type=int, default=4, help="approval requests at once (default 4)")
    parser.add_argument("--slow-seconds", type=float, default=1.0, help="the slow receiver's wait (default 1 s)")
    parser.add_argument("--worker-threads", type=int, default=16, help="the Celery worker's threads (default 16)")
    parser.add_argument("--worker-nice", type=int, default=0, help="run the worker under `nice -n` (default 0)")
    parser.add_argument("--wait-seconds", type=float, default=300, help="how long events may take to arrive")
    parser.add_argument("--database", default=DATABASE, help="name of the throwaway database (dropped at the end)")
    options = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres") or not shutil.which("redis-server"):
        print("Needs DATABASE_URL naming a PostgreSQL server, and redis-server on PATH.")
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="icp-bench-webhooks-"))
    try:
        with (
            throwaway_database(server_url, options.database) as database_url,
            redis_server() as broker_url,
            ReceiversProcess(options.slow_seconds) as receivers,
        ):
            return run(options, database_url, broker_url, workdir, receivers)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
