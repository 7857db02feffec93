"""A Celery worker killed in the middle of a task: the task runs again (acks late) and leaves no duplicate.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/worker_kill.py

Creates the database `icp_bench_worker_kill` on the server of DATABASE_URL (the database named in the URL is only
used to create and drop it) and runs its own redis-server on a free loopback port; e-mail goes to files. For the
progress snapshot and for an outgoing e-mail, each in two ways:

1. a real worker (prefork, one child) takes the task, while this script holds, in a transaction of its own, the
   row the task is about to write: the task waits inside its run, which pg_stat_activity shows;
2. SIGKILL to the worker's child, the worker living on (it requeues the task: CELERY_TASK_REJECT_ON_WORKER_LOST);
   or SIGKILL to the whole worker, main process and child, then a new worker (Redis hands the unacknowledged task
   out again once CELERY_BROKER_VISIBILITY_TIMEOUT has passed, set short here);
3. the script lets go of the row, waits for the task to succeed again and checks the database: one snapshot for
   the day and no history day twice; the e-mail written exactly once.

Prints what happened and when; exit status 1 when a task did not run again or left a duplicate or nothing.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "icp_bench_worker_kill"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql")
KILL_CHILD = "child"
KILL_WORKER = "worker"
WORKER_STARTS_WITHIN = 60  # seconds: a cold worker imports Django and the apps and connects to Redis
TASK_WAITS_WITHIN = 30  # seconds from sending the task to seeing it wait on the held row
RUNS_AGAIN_WITHIN = 60  # seconds from the kill (or from the new worker's start) to the task's success
DEFAULT_VISIBILITY_TIMEOUT = 3  # seconds, for the whole-worker scenario only


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=50, help="demo cities the snapshot counts (default 50)")
    parser.add_argument(
        "--visibility-timeout",
        type=int,
        default=DEFAULT_VISIBILITY_TIMEOUT,
        help=f"CELERY_BROKER_VISIBILITY_TIMEOUT of the whole-worker scenario (default {DEFAULT_VISIBILITY_TIMEOUT} s)",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in POSTGRES_SCHEMES:
        print("DATABASE_URL must name a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres")
        return 2
    if not shutil.which("redis-server"):
        print("needs redis-server on PATH (apt-get install redis-server); it is run on a free loopback port")
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="icp-worker-kill-"))
    try:
        with postgres_bench_database(url) as database_url, redis_server() as broker_url:
            return run(
                database_url=database_url,
                broker_url=broker_url,
                mail_dir=workdir / "mail",
                cities=args.cities,
                visibility_timeout=args.visibility_timeout,
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def postgres_bench_database(url: str) -> Iterator[str]:
    """Creates the benchmark's own database on the server of `url`, yields its URL, drops it afterwards."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    server_url = urlunsplit(("postgresql", parts.netloc, parts.path or "/postgres", parts.query, ""))
    bench_url = urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_DATABASE}", parts.query, ""))
    name = sql.Identifier(BENCH_DATABASE)
    server = psycopg2.connect(server_url)
    server.autocommit = True  # CREATE and DROP DATABASE cannot run inside a transaction
    try:
        with server.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
        try:
            yield bench_url
        finally:
            from django.db import connections

            connections.close_all()
            # FORCE: a killed worker's server process can outlive it for a moment.
            with server.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    finally:
        server.close()


@contextmanager
def redis_server() -> Iterator[str]:
    """A redis-server of the benchmark's own on a free loopback port, nothing saved; yields its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def run(*, database_url: str, broker_url: str, mail_dir: Path, cities: int, visibility_timeout: int) -> int:
    # Read by the settings, hence before django.setup(): this process sends the tasks and checks the database.
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_URL": f"filemail://{mail_dir}",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-only-secret-key-not-for-production",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "icp_portal.settings",
        }
    )
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", cities=cities, verbosity=0)
    environment = worker_environment(database_url=database_url, broker_url=broker_url, mail_dir=mail_dir)
    print(
        f"Worker killed in the middle of a task: PostgreSQL database {BENCH_DATABASE}, Redis on {broker_url}, "
        f"workers with the prefork pool and one child, {cities} demo cities"
    )
    outcomes = []
    for case in (SnapshotCase(), EmailCase(mail_dir=mail_dir)):
        for kill in (KILL_CHILD, KILL_WORKER):
            queue = f"worker-kill-{uuid.uuid4().hex[:8]}"
            outcome = run_scenario(
                case, kill=kill, queue=queue, environment=environment, visibility_timeout=visibility_timeout
            )
            print(outcome.report())
            outcomes.append(outcome)
    failed = [outcome for outcome in outcomes if outcome.failures]
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} scenarios ran again to exactly one result")
    return 1 if failed else 0


def worker_environment(*, database_url: str, broker_url: str, mail_dir: Path) -> dict[str, str]:
    """The environment of the workers: this database, this broker, e-mail as files, plain logs to read."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_URL": f"filemail://{mail_dir}",
        "DJANGO_LOG_FORMAT": "plain",
        "DJANGO_LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",  # log lines as they happen, for the timings
        # A killed worker's claim on an e-mail runs out in seconds here, not in the production two minutes.
        "DJANGO_OUTBOX_CLAIM_SECONDS": "3",
    }
    environment.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production")
    environment.pop("CELERY_BROKER_VISIBILITY_TIMEOUT", None)  # each scenario says what it uses
    return environment


class Worker:
    """A `celery worker` process (prefork, one child) on one queue, in a process group of its own so that the whole
    worker can be killed at once; its log is read as it comes, each line with the moment it arrived."""

    def __init__(self, *, queue: str, environment: dict[str, str], name: str) -> None:
        command = [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "icp_portal",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--queues",
            queue,
            "--hostname",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def wait_for_line(self, pattern: str, *, seconds: float, after: float = 0.0) -> float | None:
        """The moment a log line matching `pattern` arrived (after `after`), or None after `seconds`."""
        expression = re.compile(pattern)
        deadline = time.monotonic() + seconds
        while True:
            for moment, line in list(self.lines):
                if moment >= after and expression.search(line):
                    return moment
            if time.monotonic() > deadline or (self.process.poll() is not None and not self._reader.is_alive()):
                return None
            time.sleep(0.02)

    def wait_ready(self) -> float | None:
        return self.wait_for_line(r"\bready\.", seconds=WORKER_STARTS_WITHIN)

    def children(self) -> list[int]:
        """The worker's pool processes, from /proc (Linux)."""
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                children.append(int(entry.name))
        return children

    def kill_whole(self) -> None:
        """SIGKILL to the main process and its children at once: nothing gets to acknowledge or requeue."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, *, warm: bool = True) -> None:
        """Warm shutdown (SIGTERM: whatever it holds goes back to Redis), SIGKILL to the group when it does not end
        within 15 s; or at once (`warm=False`) when its task is done and acknowledged and nothing is to go back."""
        if self.process.poll() is None and warm:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # the worker, or any child it left behind
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        self._reader.join(timeout=5)
        if self.process.stdout:
            self.process.stdout.close()

    def output(self, last: int = 15) -> str:
        """The last log records, without the start banner and tracebacks."""
        records = [line for _, line in self.lines if line.startswith("[")]
        return "\n".join(records[-last:])


class RowHolder:
    """Holds a lock in a transaction of its own (its own thread, hence its own database connection) until released,
    then rolls back. `hold` runs inside that transaction and takes the lock."""

    def __init__(self, hold: Callable[[], None]) -> None:
        self.hold = hold
        self.held = threading.Event()
        self.released = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from django.db import connection, transaction

        try:
            with transaction.atomic():
                self.hold()
                self.held.set()
                self.released.wait(timeout=TASK_WAITS_WITHIN + WORKER_STARTS_WITHIN + 30)
                transaction.set_rollback(True)
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            self.error = error
        finally:
            self.held.set()
            connection.close()

    def __enter__(self) -> "RowHolder":
        self.thread.start()
        self.held.wait(timeout=30)
        if self.error:
            raise self.error
        return self

    def release(self) -> None:
        self.released.set()
        self.thread.join(timeout=30)

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def backend_waiting_on_lock(query_start: str) -> int | None:
    """The PostgreSQL server process of a statement starting with `query_start` that waits on a lock."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND wait_event_type = 'Lock' AND query LIKE %s",
            [query_start.replace("%", r"\%") + "%"],
        )
        row = cursor.fetchone()
    return row[0] if row else None


class SnapshotCase:
    """The daily progress snapshot: its first run rebuilds the history (committed), then writes today's row, where
    it is held: this script inserted today's row in a transaction left open, so the task's upsert waits on it."""

    label = "progress snapshot"
    task_name = "progress.tasks.take_progress_snapshot"
    waiting_statement = 'INSERT INTO "progress_progresssnapshot"'

    def prepare(self) -> None:
        from progress.models import ProgressSnapshot

        ProgressSnapshot.objects.all().delete()  # every scenario takes the first snapshot, history and all

    def hold(self) -> None:
        from django.utils import timezone

        from progress.models import ProgressSnapshot
        from progress.selectors import network_goal_current
        from progress.services import progress_figures

        today = timezone.localdate()
        figures = progress_figures(day=today, goal=network_goal_current())
        ProgressSnapshot.objects.create(date=today, backfilled=False, **figures)

    def send(self, queue: str) -> str:
        from progress.tasks import take_progress_snapshot

        return take_progress_snapshot.apply_async(queue=queue).id

    def check(self, *, killed_at: datetime) -> tuple[str, list[str]]:
        from django.db.models import Min
        from django.utils import timezone

        from members.models import City
        from progress.models import ProgressSnapshot
        from progress.services import month_ends

        today = timezone.localdate()
        todays = list(ProgressSnapshot.objects.filter(date=today))
        first = City.objects.aggregate(first=Min("member_since"))["first"]
        expected_history = len(month_ends(first, today)) if first else 0
        history = ProgressSnapshot.objects.filter(date__lt=today).count()
        failures = []
        if len(todays) != 1:
            failures.append(f"{len(todays)} snapshots for today, not 1")
        elif todays[0].computed_at <= killed_at:
            failures.append("today's snapshot is the killed run's, not the one that ran again")
        if history != expected_history:
            failures.append(f"{history} history snapshots, not the {expected_history} month ends")
        summary = (
            f"snapshots for today: {len(todays)}"
            + (", written by the run after the kill" if todays and todays[0].computed_at > killed_at else "")
            + f"; history: {history} month ends of {expected_history}, no day twice (date is unique)"
        )
        return summary, failures


class EmailCase:
    """One outgoing e-mail (outbox): the task claims the message for a while with a conditional UPDATE, sends it,
    then marks it sent; held at the claim, this script having locked the message's row (SELECT ... FOR UPDATE).
    The killed run's claim still commits once the lock is released: the run after it waits for the claim to
    run out, then sends."""

    label = "outgoing e-mail"
    task_name = "outbox.tasks.send_outbound_email"
    waiting_statement = 'UPDATE "outbox_outboundemail"'

    def __init__(self, *, mail_dir: Path) -> None:
        self.mail_dir = mail_dir
        self.message_id: int | None = None
        self.subject = ""

    def prepare(self) -> None:
        from outbox.models import OutboundEmail

        self.subject = f"Worker kill check {uuid.uuid4().hex[:12]}"
        message = OutboundEmail.objects.create(to="amina@example.org", subject=self.subject, body="Sent once.")
        self.message_id = message.pk

    def hold(self) -> None:
        from outbox.models import OutboundEmail

        OutboundEmail.objects.select_for_update().get(pk=self.message_id)

    def send(self, queue: str) -> str:
        from outbox.tasks import send_outbound_email

        return send_outbound_email.apply_async(args=[self.message_id], queue=queue).id

    def sent_count(self) -> int:
        """How many times the message was written by the file backend (one file per connection)."""
        if not self.mail_dir.exists():
            return 0
        header = f"Subject: {self.subject}"
        return sum(
            sum(1 for line in path.read_text(errors="replace").splitlines() if line == header)
            for path in self.mail_dir.iterdir()
            if path.is_file()
        )

    def check(self, *, killed_at: datetime) -> tuple[str, list[str]]:
        from outbox.models import OutboundEmail

        message = OutboundEmail.objects.get(pk=self.message_id)
        sent = self.sent_count()
        failures = []
        if sent != 1:
            failures.append(f"the e-mail was sent {sent} times, not once")
        if not message.sent_at:
            failures.append("its row does not say sent")
        summary = (
            f"e-mail sent {sent} time(s); row: sent_at {'set' if message.sent_at else 'empty'}, "
            f"attempts {message.attempts}"
        )
        return summary, failures


@dataclass
class Outcome:
    """What one scenario saw, in seconds from the kill unless said otherwise."""

    label: str
    kill: str
    visibility_timeout: int | None
    waiting_after: float | None = None  # from sending the task
    new_worker_ready: float | None = None
    received_again: float | None = None
    succeeded: float | None = None
    summary: str = ""
    failures: list[str] = field(default_factory=list)
    log: str = ""

    def report(self) -> str:
        def seconds(value: float | None) -> str:
            return f"{value:.2f} s" if value is not None else "never"

        how = (
            "the worker's child killed (SIGKILL), the worker lives on"
            if self.kill == KILL_CHILD
            else "the whole worker killed (SIGKILL to main process and child), a new worker started"
        )
        visibility = f"{self.visibility_timeout} s" if self.visibility_timeout else "default"
        lines = [
            f"{self.label}: {how}; broker visibility timeout {visibility}",
            f"  waiting on the held row {seconds(self.waiting_after)} after it was sent; killed there",
        ]
        new_worker = f"new worker ready {seconds(self.new_worker_ready)}, " if self.kill == KILL_WORKER else ""
        lines.append(
            f"  after the kill: {new_worker}received again {seconds(self.received_again)}, "
            f"succeeded {seconds(self.succeeded)}"
        )
        lines.append(f"  {self.summary}" if self.summary else "  (nothing checked)")
        lines.append("  -> ok" if not self.failures else "  -> FAILED: " + "; ".join(self.failures))
        if self.failures and self.log:
            lines.append("  last worker log lines:\n" + "\n".join(f"    {line}" for line in self.log.splitlines()))
        return "\n".join(lines)


def run_scenario(case, *, kill: str, queue: str, environment: dict[str, str], visibility_timeout: int) -> Outcome:
    """Sends the case's task to a real worker, kills it (its child, or all of it) while the task waits inside its
    run, lets go and waits for the task to succeed again; the case then checks what the database holds."""
    from django.utils import timezone

    environment = dict(environment)
    if kill == KILL_WORKER:
        # Short here so the test is quick; the default (settings) must outlast the longest task and countdown.
        environment["CELERY_BROKER_VISIBILITY_TIMEOUT"] = str(visibility_timeout)
    outcome = Outcome(case.label, kill, visibility_timeout if kill == KILL_WORKER else None)
    case.prepare()
    workers: list[Worker] = []
    try:
        first = Worker(queue=queue, environment=environment, name=f"{queue}-1")
        workers.append(first)
        if first.wait_ready() is None:
            outcome.failures.append(f"the worker did not start within {WORKER_STARTS_WITHIN} s")
            outcome.log = first.output()
            return outcome
        with RowHolder(case.hold) as holder:
            sent = time.monotonic()
            task_id = case.send(queue)
            task = re.escape(f"{case.task_name}[{task_id}]")
            deadline = sent + TASK_WAITS_WITHIN
            while backend_waiting_on_lock(case.waiting_statement) is None and time.monotonic() < deadline:
                time.sleep(0.05)
            if backend_waiting_on_lock(case.waiting_statement) is None:
                outcome.failures.append(f"the task was not seen waiting on the held row within {TASK_WAITS_WITHIN} s")
                outcome.log = first.output()
                return outcome
            outcome.waiting_after = time.monotonic() - sent
            received = first.wait_for_line(task + " received", seconds=5) or sent
            if kill == KILL_CHILD:
                children = first.children()
                if len(children) != 1:
                    outcome.failures.append(f"expected one pool process, found {children}")
                    return outcome
                os.kill(children[0], signal.SIGKILL)
            else:
                first.kill_whole()
            killed = time.monotonic()
            killed_at = timezone.now()
            holder.release()  # the killed run's statement, still queued in PostgreSQL, may now complete
        survivor = first
        if kill == KILL_WORKER:
            # Redis hands the message out again once it has been unacknowledged for the visibility timeout; a worker
            # looks when it starts (then about every 100 s, kombu's sweep), so it is started once that has passed.
            time.sleep(max(0.0, received + visibility_timeout + 0.2 - time.monotonic()))
            survivor = Worker(queue=queue, environment=environment, name=f"{queue}-2")
            workers.append(survivor)
            ready = survivor.wait_ready()
            outcome.new_worker_ready = ready - killed if ready else None
        again = survivor.wait_for_line(task + " received", seconds=RUNS_AGAIN_WITHIN, after=killed)
        outcome.received_again = again - killed if again else None
        done = survivor.wait_for_line(task + " succeeded", seconds=RUNS_AGAIN_WITHIN, after=killed) if again else None
        outcome.succeeded = done - killed if done else None
        if done is None:
            outcome.failures.append(f"the task did not succeed again within {RUNS_AGAIN_WITHIN} s of the kill")
        outcome.summary, failures = case.check(killed_at=killed_at)
        outcome.failures.extend(failures)
        if outcome.failures:
            outcome.log = survivor.output()
        return outcome
    finally:
        for worker in workers:
            # A warm shutdown takes seconds; it is needed only when the task may still be held.
            worker.stop(warm=outcome.succeeded is None)


if __name__ == "__main__":
    sys.exit(main())
