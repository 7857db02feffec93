"""Benchmark: one progress snapshot over 100000 cities and 500000 initiatives on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/progress_snapshot.py

Creates the database `icp_bench_progress` on the server of DATABASE_URL (the database named in the URL is only
used to create and drop it), migrates it, loads synthetic cities and initiatives with COPY, rebuilds the history
(timed, for information), then takes today's snapshot in a fresh process, cold and again warm, measuring time,
the Python heap (tracemalloc) and the process's resident memory (getrusage). Prints the figures against the
targets (< 2 s, < 150 MB) and drops the database. Exit status 1 when a target is missed.
"""

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "icp_bench_progress"
TARGET_SECONDS = 2.0
TARGET_MEGABYTES = 150.0
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=100_000)
    parser.add_argument("--initiatives", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=2030)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()

    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icp_portal.settings")
    os.environ.setdefault("PORTAL_BASE_URL", "http://127.0.0.1:8000")  # required with DEBUG off; no link is followed
    if "DJANGO_SECRET_KEY" not in os.environ:
        os.environ.setdefault("DJANGO_DEBUG", "on")  # the settings refuse their development key otherwise
    if args.measure:
        return measure()

    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in POSTGRES_SCHEMES:
        print("DATABASE_URL must name a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres")
        return 2
    with postgres_bench_database(url) as bench_url:
        return run(bench_url, cities=args.cities, initiatives=args.initiatives, seed=args.seed)


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
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
        try:
            yield bench_url
        finally:
            from django.db import connections

            connections.close_all()
            with server.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
    finally:
        server.close()


class LinesReader(io.RawIOBase):
    """A file-like view of generated COPY lines, so 500000 rows never sit in memory at once."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.pending = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.pending) < size:
            chunk = "".join(line for _, line in zip(range(2000), self.lines, strict=False))
            if not chunk:
                break
            self.pending += chunk.encode()
        if size < 0:
            data, self.pending = self.pending, b""
        else:
            data, self.pending = self.pending[:size], self.pending[size:]
        return data


def copy_rows(model, rows: Iterator[dict]) -> None:
    """COPY generated rows into the model's table; columns not given are NULL."""
    from django.db import connection

    columns = [field.column for field in model._meta.concrete_fields]

    def text(value) -> str:
        if value is None:
            return "\\N"
        return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")

    lines = ("\t".join(text(row.get(column)) for column in columns) + "\n" for row in rows)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN", LinesReader(lines), size=1 << 20
        )


def synthetic_cities(count: int, rng: random.Random, today: date) -> Iterator[dict]:
    from members.choices import CommunityType, MembershipStatus, Pathway
    from members.geography import continent_by_country

    countries = sorted(code for code, continent in continent_by_country().items() if continent != "AN")
    types = [choice.value for choice in CommunityType]
    pathways = [choice.value for choice in Pathway]
    span = (today - date(2009, 1, 1)).days
    now = datetime.now(UTC)
    for number in range(1, count + 1):
        # Growth speeding up over the years: more members joined lately than in 2009.
        member_since = date(2009, 1, 1) + timedelta(days=int(span * rng.random() ** 0.6))
        leaving = rng.random() < 0.06
        left_on = member_since + timedelta(days=rng.randint(1, max(1, (today - member_since).days)))
        yield {
            "id": number,
            "name": f"Peace Town {number}",
            "slug": f"peace-town-{number}",
            "community_type": rng.choice(types),
            "country": rng.choice(countries),
            "region": "",
            "community_key": f"peace town {number}|",
            "website": "",
            "peace_statement": "",
            "pathway": rng.choice(pathways),
            "status": rng.choice([MembershipStatus.INACTIVE, MembershipStatus.WITHDRAWN])
            if leaving
            else MembershipStatus.ACTIVE,
            "member_since": member_since,
            "member_number": number,
            "contact_email": "",
            "status_reason": "moved on" if leaving else "",
            "status_changed_at": datetime.combine(min(left_on, today), datetime.min.time(), tzinfo=UTC)
            if leaving
            else None,
            "created_at": now,
            "updated_at": now,
        }


def synthetic_initiatives(count: int, cities: int, rng: random.Random, today: date) -> Iterator[dict]:
    from initiatives.choices import InitiativeCategory, InitiativeStatus

    categories = [choice.value for choice in InitiativeCategory]
    now = datetime.now(UTC)
    for number in range(1, count + 1):
        start = today - timedelta(days=rng.randint(0, 6000))
        status = rng.choices(
            [InitiativeStatus.ACTIVE, InitiativeStatus.COMPLETED, InitiativeStatus.PLANNED], [6, 3, 1]
        )[0]
        yield {
            "id": number,
            "city_id": rng.randint(1, cities),
            "title": f"Peace circle {number}",
            "slug": f"peace-circle-{number}",
            "category": rng.choice(categories),
            "description": "",
            "status": status,
            "start_date": start,
            "end_date": start + timedelta(days=rng.randint(30, 900)) if status == "completed" else None,
            "partner_organisations": "",
            "link": "",
            "created_at": now,
            "updated_at": now,
        }


def run(database_url: str, *, cities: int, initiatives: int, seed: int) -> int:
    os.environ["DATABASE_URL"] = database_url  # read by the settings, hence before django.setup()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from initiatives.models import Initiative
    from members.models import City
    from progress.models import ProgressSnapshot
    from progress.services import progress_history_rebuild

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(seed)
    today = timezone.localdate()
    started = time.perf_counter()
    copy_rows(City, synthetic_cities(cities, rng, today))
    copy_rows(Initiative, synthetic_initiatives(initiatives, cities, rng, today))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {City._meta.db_table}; ANALYZE {Initiative._meta.db_table}")
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    months = progress_history_rebuild()
    backfill_seconds = time.perf_counter() - started
    connection.close()

    child = subprocess.run(
        [sys.executable, __file__, "--measure"],
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode:
        print(child.stdout, child.stderr, sep="\n")
        return 1
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    snapshot = ProgressSnapshot.objects.get(date=today)

    passed = figures["cold_seconds"] < TARGET_SECONDS and figures["rss_growth_mb"] < TARGET_MEGABYTES
    passed = passed and figures["heap_peak_mb"] < TARGET_MEGABYTES
    print(f"database:          postgresql {BENCH_DATABASE} (throwaway)")
    print(f"cities:            {City.objects.count()} ({snapshot.members} active in {snapshot.countries} countries)")
    print(f"initiatives:       {Initiative.objects.count()} ({snapshot.active_initiatives} active)")
    print(f"load (COPY):       {load_seconds:.1f} s (not counted)")
    print(f"history rebuild:   {backfill_seconds:.1f} s for {months} month ends (information, no target)")
    print(f"snapshot, cold:    {figures['cold_seconds']:.3f} s in a fresh process ({figures['queries']} queries)")
    print(f"snapshot, warm:    {figures['warm_seconds']:.3f} s")
    print(f"python heap peak:  {figures['heap_peak_mb']:.1f} MB during the snapshot (tracemalloc)")
    print(
        f"resident memory:   +{figures['rss_growth_mb']:.1f} MB during the snapshot, "
        f"{figures['rss_peak_mb']:.1f} MB peak for the whole process with Django loaded"
    )
    print(
        f"target < {TARGET_SECONDS:.0f} s and < {TARGET_MEGABYTES:.0f} MB: {'PASS' if passed else 'FAIL'}"
        f" (verdict {snapshot.verdict}, {snapshot.actual_monthly_rate:.1f} a month)"
    )
    return 0 if passed else 1


def measure() -> int:
    """In a fresh process: today's snapshot, cold then warm, with its time and memory. Prints one JSON line."""
    import django

    django.setup()
    from django.db import connection, reset_queries

    from progress.services import progress_snapshot_take

    def rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux

    connection.ensure_connection()
    before = rss_mb()
    tracemalloc.start()
    connection.force_debug_cursor = True
    reset_queries()
    started = time.perf_counter()
    progress_snapshot_take()
    cold = time.perf_counter() - started
    queries = len(connection.queries)
    heap_peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    tracemalloc.stop()
    after = rss_mb()
    started = time.perf_counter()
    progress_snapshot_take()
    warm = time.perf_counter() - started
    print(
        json.dumps(
            {
                "cold_seconds": cold,
                "warm_seconds": warm,
                "queries": queries,
                "heap_peak_mb": heap_peak,
                "rss_growth_mb": after - before,
                "rss_peak_mb": after,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
