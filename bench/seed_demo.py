"""Benchmark: how long seeding the demo network takes, in a throwaway database of its own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/seed_demo.py --cities 10000

With a PostgreSQL DATABASE_URL it creates the database `icp_bench` on that server (the database named in the URL
is only used to create and drop it), migrates it, times `seed_demo_network`, prints the figures and drops the
database again. Without one it warns and measures a temporary SQLite file instead. It never touches the database
that DATABASE_URL names. Exit status 1 when the seeding misses the target.
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "icp_bench"
TARGET_SECONDS = 30.0
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=10000, help="cities to seed (default 10000)")
    parser.add_argument("--seed", type=int, default=2009, help="random seed (default 2009)")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icp_portal.settings")
    os.environ.setdefault("PORTAL_BASE_URL", "http://127.0.0.1:8000")  # required with DEBUG off; no link is followed
    # The settings refuse their public development key unless DEBUG is on; a benchmark signs nothing.
    if "DJANGO_SECRET_KEY" not in os.environ:
        os.environ.setdefault("DJANGO_DEBUG", "on")

    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme in POSTGRES_SCHEMES:
        with postgres_bench_database(url) as bench_url:
            return run(bench_url, cities=args.cities, seed=args.seed)
    print(
        "warning: DATABASE_URL is not a PostgreSQL URL; measuring a temporary SQLite database instead. "
        "The target is for PostgreSQL.",
        file=sys.stderr,
    )
    with tempfile.TemporaryDirectory(prefix="icp-bench-") as directory:
        return run(f"sqlite:///{directory}/bench.sqlite3", cities=args.cities, seed=args.seed)


@contextmanager
def postgres_bench_database(url: str) -> Iterator[str]:
    """Creates the benchmark database on the server of `url`, yields its URL, and drops it afterwards."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    # libpq knows only these two schemes; django-environ accepts a few more for the same thing.
    server_url = urlunsplit(("postgresql", parts.netloc, parts.path or "/postgres", parts.query, ""))
    bench_url = urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_DATABASE}", parts.query, ""))
    name = sql.Identifier(BENCH_DATABASE)

    server = psycopg2.connect(server_url)
    server.autocommit = True  # CREATE and DROP DATABASE cannot run inside a transaction
    try:
        with server.cursor() as cursor:
            # A leftover of an interrupted run: the name is the benchmark's own.
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
        try:
            yield bench_url
        finally:
            from django.db import connections

            connections.close_all()  # Django keeps connections open (CONN_MAX_AGE); DROP needs none left
            with server.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
    finally:
        server.close()


def run(database_url: str, *, cities: int, seed: int) -> int:
    """Migrates the empty database at `database_url`, seeds it twice and prints the figures."""
    os.environ["DATABASE_URL"] = database_url  # read by the settings, hence before django.setup()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from demo.network import seed_demo_network
    from initiatives.models import Initiative
    from members.models import City
    from proclamations.models import Proclamation

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_seconds = time.perf_counter() - started

    started = time.perf_counter()
    result = seed_demo_network(cities=cities, seed=seed)
    seed_seconds = time.perf_counter() - started

    started = time.perf_counter()
    again = seed_demo_network(cities=cities, seed=seed)
    rerun_seconds = time.perf_counter() - started

    passed = seed_seconds < TARGET_SECONDS and result.cities == cities and again.cities == 0
    print(f"database:       {connection.vendor} {connection.settings_dict['NAME']} (throwaway)")
    print(f"migrate:        {migrate_seconds:.2f} s (not counted)")
    print(f"cities:         {City.objects.count()}")
    print(f"countries:      {City.objects.values('country').distinct().count()}")
    print(f"proclamations:  {Proclamation.objects.count()}")
    print(f"initiatives:    {Initiative.objects.count()}")
    print(f"seconds:        {seed_seconds:.2f}")
    print(f"second run:     {rerun_seconds:.2f} s, created {again.cities} cities (idempotent)")
    print(f"target < {TARGET_SECONDS:.0f} s: {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
