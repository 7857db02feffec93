"""Setup shared by the benchmarks that run the portal under gunicorn on loopback.

Not run by itself: `bench/load.py` and `bench/pg_restart.py` import it (run them from the repository root, as
`.venv/bin/python bench/<name>.py`, so that this folder is on the import path).
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg2

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_environment(database_url: str, *, anonymous_rate: str) -> dict[str, str]:
    """The environment of a production-like portal on `database_url`, with tasks run in-process."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production",
        "DJANGO_DEBUG": "off",
        "PORTAL_BASE_URL": "http://127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "off",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Capacity, not the rate limits, is measured here: one bench client stands for many visitors.
        "DJANGO_API_ANONYMOUS_RATE": anonymous_rate,
    }
    environment.pop("CELERY_BROKER_URL", None)
    return environment


@contextmanager
def throwaway_database(server_url: str, name: str) -> Iterator[str]:
    """Creates the database `name` on the server of `server_url`, yields its URL and drops it at the end."""
    server = urlparse(server_url)
    admin = psycopg2.connect(urlunparse(server._replace(path="/postgres")))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {name}")
        yield urlunparse(server._replace(path=f"/{name}"))
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def prepare_database(environment: dict[str, str], *, cities: int) -> None:
    """Migrates, seeds the demo network (`demo.network.seed_demo_network`) and collects the static files."""
    run = {"cwd": REPO, "env": environment, "check": True}
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], **run)
    subprocess.run([PYTHON, "manage.py", "seed_demo", "--cities", str(cities)], **run)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], **run)


def start_gunicorn(
    environment: dict[str, str], *, port: int, workers: int, log: Path | None = None
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port`; its standard error (the portal's logs) goes to `log`, or nowhere."""
    stderr = log.open("ab") if log else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            [str(BIN / "gunicorn"), "icp_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
            cwd=REPO,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    finally:
        if log:
            stderr.close()  # the child holds its own copy


def wait_until_up(url: str, seconds: float = 20) -> None:
    """Returns once `url` answers a success; raises if it does not within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:  # refused while gunicorn starts, or an HTTP error status
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen | None) -> None:
    """SIGTERM, as a process manager would, then SIGKILL if it is still there after 10 s."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
