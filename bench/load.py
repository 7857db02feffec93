"""Load test on loopback: 2000 seeded cities, gunicorn, mixed traffic over public pages and the API for 60 s.

Needs PostgreSQL (DATABASE_URL names the server; the test uses its own throwaway database) and wrk
(`apt-get install wrk`). Prints requests per second, errors and latency percentiles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load.py [--seconds 60]
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
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg2

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DATABASE = "icp_load"

# The mix: what visitors, coordinators' public pages and partners' nightly syncs ask for.
LUA = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--cities", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres") or not shutil.which("wrk"):
        print("Needs DATABASE_URL=postgres://... and wrk (apt-get install wrk).")
        return 2
    server = urlparse(server_url)
    database_url = urlunparse(server._replace(path=f"/{DATABASE}"))
    admin = psycopg2.connect(urlunparse(server._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production",
        "DJANGO_DEBUG": "off",
        "DJANGO_SECURE_SSL_REDIRECT": "off",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Capacity, not the rate limits, is measured here: one wrk client stands for many visitors.
        "DJANGO_API_ANONYMOUS_RATE": "1000000/minute",
    }
    environment.pop("CELERY_BROKER_URL", None)
    gunicorn = None
    try:
        run = {"cwd": REPO, "env": environment, "check": True}
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], **run)
        subprocess.run([PYTHON, "manage.py", "seed_demo", "--cities", str(options.cities)], **run)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], **run)
        with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT slug FROM members_city ORDER BY member_number LIMIT 20")
            slugs = [row[0] for row in cursor.fetchall()]
        paths = [
            "/",
            "/cities/",
            "/cities/?page=7",
            "/healthz",
            "/api/v1/cities/?page_size=50",
            "/api/v1/cities/?country=US",
            "/api/v1/cities/?format=geojson&page_size=100",
            "/api/v1/initiatives/",
            "/api/v1/progress/",
        ]
        paths += [f"/cities/{slug}/" for slug in slugs[:10]] + [f"/api/v1/cities/{slug}/" for slug in slugs[10:]]
        port = free_port()
        gunicorn = subprocess.Popen(
            [str(BIN / "gunicorn"), "icp_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "4"],
            cwd=REPO,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        statuses = {path: urllib.request.urlopen(base + path, timeout=30).status for path in paths}
        script = Path(tempfile.mkdtemp()) / "mix.lua"
        script.write_text(LUA % {"paths": ", ".join(f'"{path}"' for path in paths)})
        result = subprocess.run(
            ["wrk", "-t2", f"-c{options.connections}", f"-d{options.seconds}s", "--latency", "-s", str(script), base],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        requests_per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
        non_2xx = int(match.group(1)) if (match := re.search(r"Non-2xx or 3xx responses: (\d+)", result)) else 0
        socket_errors = re.search(r"Socket errors: (.*)", result)
        percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", result, re.MULTILINE))
        print(
            f"{options.cities} cities, {len(paths)} URLs in the mix "
            f"(statuses before the run: {sorted(set(statuses.values()))}), "
            f"{options.connections} connections for {options.seconds} s"
        )
        print(
            f"requests/s {requests_per_second:.0f}; errors: {non_2xx} non-2xx, "
            f"{socket_errors.group(1) if socket_errors else 'no socket errors'}"
        )
        print("latency " + ", ".join(f"p{p} {percentiles.get(p, '?')}" for p in ("50", "90", "99")))
        return 0 if non_2xx == 0 and not socket_errors else 1
    finally:
        if gunicorn and gunicorn.poll() is None:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(10)
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.close()


if __name__ == "__main__":
    sys.exit(main())
