"""PostgreSQL restarted under load: how long the portal fails, and whether a stale connection fails afterwards.

    .venv/bin/python bench/pg_restart.py [--seconds 20] [--restart-at 7] [--clients 4] [--cities 2000]

Starts its own throwaway PostgreSQL cluster (initdb into a temporary directory, pg_ctl on a free loopback port,
trust authentication on 127.0.0.1 only; as the `postgres` user when run as root), never the machine's shared
server. Migrates and seeds it, runs gunicorn (2 workers) against it and 4 clients over /healthz, /cities/, a city
page and the API. Three phases each restart PostgreSQL in the middle: `pg_ctl restart -m fast` (a planned
restart), `-m immediate` (a crash and its recovery), and `-m fast` again with the clients paused during the
restart, so that every worker still holds its connection, now stale, when the load comes back. Prints, per
phase, the requests before, during and after the restart, when the errors ended, and the errors once PostgreSQL
was back (target 0, in the responses and in gunicorn's log), with recovery within 10 s. Exit status 1 when a
target is missed. Everything (cluster, gunicorn, temporary files) is removed at the end, also on Ctrl-C.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from _common import bench_environment, free_port, prepare_database, start_gunicorn, stop, wait_until_up

POSTGRES_VERSIONS = Path("/usr/lib/postgresql")
RECOVERY_SECONDS_TARGET = 10
REQUEST_TIMEOUT = 10
MAX_REQUESTS_PER_CLIENT = 100_000  # a bound besides the clock, so no loop can run away
# What a stale or broken database connection leaves in the portal's log (psycopg2's wording).
DATABASE_ERROR_MARKERS = ("OperationalError", "InterfaceError", "server closed the connection unexpectedly")


class Cluster:
    """A throwaway PostgreSQL cluster in `directory`, listening on 127.0.0.1:`port` only."""

    def __init__(self, directory: Path, port: int):
        self.bin = newest_postgres_bin()
        self.directory = directory
        self.data = directory / "data"
        self.port = port
        # initdb refuses to run as root, and the server must own its data directory.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(directory, "postgres", "postgres")

    @property
    def version(self) -> str:
        return self.bin.parent.name

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, program: str, *arguments: str) -> None:
        subprocess.run(
            [*self.as_owner, str(self.bin / program), *arguments],
            cwd=self.directory,  # the postgres user may not read the caller's directory
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def create(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--locale=C", "-E", "UTF8")
        # Written over initdb's defaults (the files keep their owner): loopback TCP only, and a socket in our
        # directory rather than the shared /var/run/postgresql.
        (self.data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.directory}'\n"
            )

    def pg_ctl(self, *arguments: str) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.directory / "postgres.log"), "-w", *arguments)

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [*self.as_owner, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                cwd=self.directory,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )


def newest_postgres_bin() -> Path:
    versions = [path for path in POSTGRES_VERSIONS.glob("*") if (path / "bin" / "initdb").exists()]
    if not versions:
        raise SystemExit(f"No PostgreSQL server binaries under {POSTGRES_VERSIONS} (apt-get install postgresql).")
    newest = max(versions, key=lambda path: [int(part) for part in path.name.split(".") if part.isdigit()])
    return newest / "bin"


@dataclass(frozen=True)
class Response:
    request_id: str
    path: str
    started: float
    finished: float
    outcome: int | str  # the HTTP status, or the name of the connection error

    @property
    def ok(self) -> bool:
        return self.outcome == 200


def fetch(port: int, path: str, request_id: str) -> Response:
    started = time.time()
    # One connection per request, as a visitor behind a proxy: a refused or reset connection is recorded too.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        # Our own request id, which the portal logs with each error, ties a log line to this request.
        connection.request("GET", path, headers={"X-Request-ID": request_id})
        response = connection.getresponse()
        response.read()
        outcome: int | str = response.status
    except (OSError, http.client.HTTPException) as error:
        outcome = type(error).__name__
    finally:
        connection.close()
    return Response(request_id, path, started, time.time(), outcome)


@dataclass
class Phase:
    name: str
    responses: list[Response]
    restart_started: float
    restart_finished: float

    def after_restart(self, moment: float) -> float:
        return moment - self.restart_started


def run_phase(cluster: Cluster, port: int, paths: list[str], name: str, options: argparse.Namespace) -> Phase:
    """Clients over `paths` for `options.seconds`; `pg_ctl restart` at `options.restart_at`.

    `name` is a pg_ctl shutdown mode (fast, immediate), with `-quiet` when the clients pause during the restart:
    then every worker keeps its connection, now stale, until its first request after it.
    """
    mode, _, quiet = name.partition("-")
    responses: list[Response] = []
    deadline = time.time() + options.seconds
    running = threading.Event()
    running.set()

    def client(number: int) -> None:
        for count in range(MAX_REQUESTS_PER_CLIENT):
            running.wait(REQUEST_TIMEOUT)
            if time.time() >= deadline:
                return
            # Each client starts elsewhere in the mix, so every path is asked at every moment.
            path = paths[(number + count) % len(paths)]
            responses.append(fetch(port, path, f"bench-{name}-{number}-{count}"))  # list.append is atomic

    clients = [threading.Thread(target=client, args=(number,), daemon=True) for number in range(options.clients)]
    for thread in clients:
        thread.start()
    time.sleep(options.restart_at)
    if quiet:
        running.clear()
        time.sleep(1)  # the requests under way finish
    restart_started = time.time()
    cluster.pg_ctl("-m", mode, "restart")
    restart_finished = time.time()
    running.set()
    for thread in clients:
        thread.join(options.seconds + REQUEST_TIMEOUT)
    return Phase(name, sorted(responses, key=lambda response: response.started), restart_started, restart_finished)


def database_errors_logged(log: Path) -> dict[str, int]:
    """Count of database errors in gunicorn's log, by the request id they were logged with."""
    counts: Counter[str] = Counter()
    for line in log.read_text(errors="replace").splitlines():
        if any(marker in line for marker in DATABASE_ERROR_MARKERS):
            try:
                counts[json.loads(line).get("request_id") or "?"] += 1
            except ValueError:
                counts["?"] += 1  # not one of the portal's JSON records: gunicorn's own
    return counts


def report(phase: Phase, logged_errors: dict[str, int]) -> bool:
    """Prints the figures of one phase; True when it met the targets.

    "Back" is the moment `pg_ctl restart -w` returned, PostgreSQL accepting connections again: a request that
    starts after it must succeed, and one that fails is a stale connection (or a recovery that lags behind).
    """
    responses = phase.responses
    before = [response for response in responses if response.finished < phase.restart_started]
    after = [response for response in responses if response.started >= phase.restart_finished]
    during = [
        response
        for response in responses
        if response.finished >= phase.restart_started and response.started < phase.restart_finished
    ]
    errors_after = [response for response in after if not response.ok]
    first_success = next((response.finished for response in after if response.ok), None)
    last_failure = max((response.finished for response in during + after if not response.ok), default=None)
    phase_requests = {response.request_id for response in responses}
    after_requests = {response.request_id for response in after}
    logged = sum(count for request_id, count in logged_errors.items() if request_id in phase_requests)
    logged_after = sum(count for request_id, count in logged_errors.items() if request_id in after_requests)

    def seconds(moment: float | None) -> str:
        return "none" if moment is None else f"+{phase.after_restart(moment):.2f} s"

    def counts(some: list[Response]) -> str:
        return f"{len(some)} ({sum(not response.ok for response in some)} errors)"

    print(f"\npg_ctl restart -m {phase.name.replace('-quiet', ', clients paused during the restart')}")
    print(f"  requests: before {counts(before)}, during the restart {counts(during)}, after {counts(after)}")
    print(f"  restart command returned (PostgreSQL back)   {seconds(phase.restart_finished)}")
    print(f"  first success after that                     {seconds(first_success)}")
    print(
        f"  last failure (recovery time)                 {seconds(last_failure)}"
        f"  (target under {RECOVERY_SECONDS_TARGET} s)"
    )
    kinds = Counter(f"{response.outcome} {response.path}" for response in responses if not response.ok)
    if kinds:
        print("  errors: " + ", ".join(f"{kind} x{count}" for kind, count in kinds.most_common()))
    print(f"  errors after PostgreSQL was back: {len(errors_after)} (target 0)")
    print(f"  database errors in gunicorn's log: {logged} in this phase, {logged_after} after it was back (target 0)")
    slow = last_failure is not None and phase.after_restart(last_failure) > RECOVERY_SECONDS_TARGET
    return first_success is not None and not slow and not errors_after and not logged_after


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase (default 20)")
    parser.add_argument("--restart-at", type=float, default=7, help="restart after this many seconds (default 7)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--cities", type=int, default=2000, help="demo cities to seed (default 2000)")
    parser.add_argument(
        "--phases",
        default="fast,immediate,fast-quiet",
        help="one phase each: a pg_ctl shutdown mode, with -quiet to pause the clients during the restart",
    )
    options = parser.parse_args()
    if not 0 < options.restart_at < options.seconds:
        parser.error("--restart-at must fall inside --seconds")
    # A SIGTERM ends the run as Ctrl-C does: through the finally below, which removes everything.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    directory = Path(tempfile.mkdtemp(prefix="icp-pg-restart-"))
    cluster = None
    gunicorn = None
    try:
        cluster = Cluster(directory, free_port())
        cluster.create()
        cluster.pg_ctl("start")
        environment = bench_environment(cluster.url, anonymous_rate="1000000/minute")
        prepare_database(environment, cities=options.cities)
        with psycopg2.connect(cluster.url) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT slug FROM members_city ORDER BY member_number LIMIT 1")
            slug = cursor.fetchone()[0]
        connection.close()
        paths = ["/healthz", "/cities/", f"/cities/{slug}/", "/api/v1/cities/?page_size=50"]
        port = free_port()
        log = directory / "gunicorn.log"
        gunicorn = start_gunicorn(environment, port=port, workers=options.workers, log=log)
        wait_until_up(f"http://127.0.0.1:{port}/healthz")
        statuses = {path: fetch(port, path, "bench-warm-up").outcome for path in paths}
        print(
            f"PostgreSQL {cluster.version} throwaway cluster on 127.0.0.1:{cluster.port}, {options.cities} cities; "
            f"gunicorn {options.workers} workers; {options.clients} clients over {len(paths)} URLs "
            f"(statuses before: {sorted(set(statuses.values()), key=str)}); "
            f"{options.seconds:g} s per phase, restart at {options.restart_at:g} s"
        )
        phases = [run_phase(cluster, port, paths, name, options) for name in options.phases.split(",")]
        logged_errors = database_errors_logged(log)
        met = [report(phase, logged_errors) for phase in phases]
        if logged_errors.get("?"):
            print(f"\n{logged_errors['?']} database error lines in gunicorn's log without a request id")
        return 0 if all(met) and set(statuses.values()) == {200} else 1
    finally:
        stop(gunicorn)
        if cluster:
            cluster.remove()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
