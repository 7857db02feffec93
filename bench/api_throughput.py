"""Partner API throughput against the floor of a Django request, and GeoJSON of every city, on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/api_throughput.py

Creates its own throwaway database `icp_api_bench` on that server, seeds 10000 cities (demo.network), starts
gunicorn on 127.0.0.1, runs wrk against pages of 50 of cities (JSON and GeoJSON), initiatives and proclamations,
each twice: the same page again (for cities, from the API's page cache) and fresh (the first page of a nightly
sync, `updated_since`, with a new query string on each request, so nothing is cached), each in windows taken in
turn with `/healthz` (one query: the floor); prints requests per second and each ratio to /healthz (target: at
least 35% for both). Then times `?format=geojson` of all cities and the peak memory of the worker that served it
(targets: under 1 s, under 100 MB). Stops gunicorn and drops the database at the end. Needs wrk
(`apt-get install wrk`). Exit status 1 when a target is missed.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
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

DATABASE = "icp_api_bench"
RATIO_TARGET = 0.35
GEOJSON_SECONDS_TARGET = 1.0
GEOJSON_MEGABYTES_TARGET = 100


# Pages measured, each the same page again and fresh.
PAGES = [
    ("cities", "/api/v1/cities/?page_size=50"),
    ("cities, GeoJSON", "/api/v1/cities/?format=geojson&page_size=50"),
    ("initiatives", "/api/v1/initiatives/?page_size=50"),
    ("proclamations", "/api/v1/proclamations/?page_size=50"),
]
# The first page of a nightly sync of everything.
SYNC = "&updated_since=2000-01-01T00:00:00Z"

# A new query string on every request: each one misses the API's page cache and builds its page.
EVERY_REQUEST_NEW = """
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function init(args) counter = 0 end
function request()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&uncached=" .. id .. "-" .. counter)
end
"""


def wrk(url: str, seconds: int, connections: int, script: str | None = None) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command[1:1] = ["-s", lua.name]
        result = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", result):
        raise SystemExit(f"{url}: {match.group(1)} failed responses\n{result}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))


@dataclass
class Alternated:
    """A page's rate and that of /healthz in the windows between its own."""

    page: float
    healthz: float

    @property
    def ratio(self) -> float:
        return self.page / self.healthz


def alternating(healthz_url: str, url: str, options, script: str | None = None) -> Alternated:
    """`url` and /healthz measured in turn, `options.rounds` windows each within `options.seconds`: the machine's
    speed drifts over minutes (other work on the host), and a ratio of rates measured a minute apart would carry
    that drift."""
    window = max(1, round(options.seconds / options.rounds / 2))
    pages, floors = [], []
    for _ in range(options.rounds):
        floors.append(wrk(healthz_url, window, options.connections))
        pages.append(wrk(url, window, options.connections, script=script))
    return Alternated(page=sum(pages) / len(pages), healthz=sum(floors) / len(floors))


def resident_megabytes(pid: int) -> float:
    """Peak resident memory of a process (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=24, help="per page measured, /healthz's windows included")
    parser.add_argument("--rounds", type=int, default=4, help="windows of the page, each after one of /healthz")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default=DATABASE, help="name of the throwaway database (dropped at the end)")
    options = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres") or not shutil.which("wrk"):
        print("Needs DATABASE_URL=postgres://... and wrk (apt-get install wrk).")
        return 2
    gunicorn = None
    with throwaway_database(server_url, options.database) as database_url:
        # The benchmark measures serving, not the rate limit: one client asks far more than any partner may.
        environment = bench_environment(database_url, anonymous_rate="100000000/minute")
        try:
            started = time.perf_counter()
            prepare_database(environment, cities=options.cities)
            print(f"migrated and seeded {options.cities} cities in {time.perf_counter() - started:.1f} s")
            vacuum = psycopg2.connect(database_url)
            vacuum.autocommit = True  # VACUUM runs outside a transaction
            with vacuum.cursor() as cursor:
                # A database in service is vacuumed by autovacuum: the counts read its visibility map.
                cursor.execute("VACUUM ANALYZE")
            vacuum.close()
            with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM members_city")
                cities = cursor.fetchone()[0]
                cursor.execute("SELECT count(*) FROM initiatives_initiative")
                initiatives = cursor.fetchone()[0]
                cursor.execute("SELECT count(*) FROM proclamations_proclamation WHERE is_public")
                proclamations = cursor.fetchone()[0]
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            gunicorn = start_gunicorn(environment, port=port, workers=options.workers)
            wait_until_up(base + "/healthz")
            pages = [(name, base + path) for name, path in PAGES]
            for url in (base + "/healthz", *(url for _, url in pages)):  # warm every worker
                for _ in range(20):
                    urllib.request.urlopen(url, timeout=30).read()
            print(
                f"{cities} cities, {initiatives} initiatives, {proclamations} proclamations; gunicorn "
                f"{options.workers} workers; wrk 2 threads, {options.connections} connections, {options.seconds} s "
                f"a page with its /healthz windows; load average before {os.getloadavg()[0]:.1f}"
            )
            healthz_rates, rates = [], []
            for name, url in pages:
                # The same page again, then fresh: a nightly sync, each request with a query string of its own, so
                # nothing comes from the page cache.
                again = alternating(base + "/healthz", url, options)
                fresh = alternating(base + "/healthz", url + SYNC, options, script=EVERY_REQUEST_NEW)
                rates.append((name, again, fresh))
                healthz_rates += [again.healthz, fresh.healthz]
            healthz = sum(healthz_rates) / len(healthz_rates)
            print(
                f"/healthz {healthz:8.0f} requests/s (mean of its windows, from {min(healthz_rates):.0f} to "
                f"{max(healthz_rates):.0f} beside the pages)"
            )
            print(f"{'page of 50':32} {'same page again':>22} {'fresh (a sync)':>22}    target {RATIO_TARGET:.0%}")
            missed = False
            for name, again, fresh in rates:
                print(
                    f"{name:32} {again.page:8.0f} req/s {again.ratio:6.1%} {fresh.page:8.0f} req/s {fresh.ratio:6.1%}"
                )
                missed = missed or again.ratio < RATIO_TARGET or fresh.ratio < RATIO_TARGET
            print(
                "same page again: cities from the API's page cache (initiatives and proclamations have none); fresh: "
                f"?{SYNC.lstrip('&')} plus a new parameter on each request; each ratio to the /healthz windows "
                f"measured in turn with the page's ({options.rounds} of {options.seconds / options.rounds / 2:g} s "
                f"each); load average after {os.getloadavg()[0]:.1f}"
            )

            # GeoJSON of every city: one worker alone so its peak memory is the request's.
            stop(gunicorn)
            gunicorn = start_gunicorn(environment, port=port, workers=1)
            wait_until_up(base + "/healthz")
            worker = int(
                subprocess.run(["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True).stdout.split()[0]
            )
            before = resident_megabytes(worker)
            timings = []
            for _ in range(3):
                started = time.perf_counter()
                body = urllib.request.urlopen(base + "/api/v1/cities/?format=geojson", timeout=60).read()
                timings.append(time.perf_counter() - started)
            peak = resident_megabytes(worker)
            features = body.count(b'"type":"Feature"')
            best = min(timings)
            print(
                f"GeoJSON of all cities            {features} features, {len(body) / 1e6:.1f} MB, "
                f"{best:.2f} s (best of 3, worst {max(timings):.2f} s); worker peak memory {peak:.0f} MB "
                f"({before:.0f} MB before)"
            )
            missed = missed or best > GEOJSON_SECONDS_TARGET or peak > GEOJSON_MEGABYTES_TARGET
            return 1 if missed else 0
        finally:
            stop(gunicorn)


if __name__ == "__main__":
    sys.exit(main())
