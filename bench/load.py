"""Load test on loopback: 2000 seeded cities, gunicorn, mixed traffic over public pages and the API for 60 s.

Needs PostgreSQL (DATABASE_URL names the server; the test uses its own throwaway database) and wrk
(`apt-get install wrk`). Prints requests per second, errors and latency percentiles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load.py [--seconds 60]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import psycopg2
from _common import (
    bench_environment,
    free_port,
    prepare_database,
    start_gunicorn,
    stop,
    throwaway_database,
    wait_until_up,
)

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
    with throwaway_database(server_url, DATABASE) as database_url:
        return measure(database_url, options)


def measure(database_url: str, options: argparse.Namespace) -> int:
    environment = bench_environment(database_url, anonymous_rate="1000000/minute")
    gunicorn = None
    try:
        prepare_database(environment, cities=options.cities)
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
        gunicorn = start_gunicorn(environment, port=port, workers=4)
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/healthz")
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
        stop(gunicorn)


if __name__ == "__main__":
    sys.exit(main())
