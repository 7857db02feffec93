"""Benchmark: checking and importing member lists of 457 rows (ICP's whole list) and 10,000 rows, in a throwaway
database of its own, through the service the import task runs (members.imports.member_list_import_run).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/icp_bench_imports .venv/bin/python bench/member_import.py

With a PostgreSQL DATABASE_URL it creates the database `<name>_member_import` on that server (the database named
in the URL is only used to create and drop it), migrates it, writes each list as a CSV file into the private
uploads (a temporary folder), then times the preview (all rows checked, nothing kept) and the import (all rows
created, all or nothing), and a second import of the same file (every row unchanged). Prints rows per second and
total time, and drops the database again. Without a PostgreSQL URL it warns and measures a temporary SQLite file.
Exit status 1 when a run misses the target: a list done within the import task's time limit, and within
gunicorn's 30 s for ICP's own list.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql")
ICP_LIST = 457
COUNTRIES = ["KE", "US", "GB", "FR", "DE", "JP", "BR", "IN", "IT", "ES", "CO", "PH", "AU", "NG", "MX", "CA"]
HEADER = "member_number,name,community_type,country,region,member_since,pathway,status,population,latitude,longitude"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default=f"{ICP_LIST},10000", help="list sizes, comma-separated (default 457,10000)")
    parser.add_argument("--seed", type=int, default=2009, help="random seed (default 2009)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.rows.split(",")]

    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icp_portal.settings")
    os.environ.setdefault("PORTAL_BASE_URL", "http://127.0.0.1:8000")  # required with DEBUG off; no link is followed
    if "DJANGO_SECRET_KEY" not in os.environ:
        os.environ.setdefault("DJANGO_DEBUG", "on")  # the settings refuse their development key otherwise
    # Tasks queued meanwhile (the progress snapshot after each import) wait in memory: a worker runs them, not the
    # import being measured.
    os.environ["CELERY_BROKER_URL"] = "memory://"

    with tempfile.TemporaryDirectory(prefix="icp-bench-import-") as directory:
        os.environ["DJANGO_PRIVATE_MEDIA_ROOT"] = str(Path(directory) / "private")
        url = os.environ.get("DATABASE_URL", "")
        if urlsplit(url).scheme in POSTGRES_SCHEMES:
            from _common import throwaway_database  # bench/ is on the path when run as the docstring says

            name = (urlsplit(url).path.strip("/") or "icp_bench") + "_member_import"
            with throwaway_database(url, name) as bench_url:
                try:
                    return run(bench_url, sizes=sizes, seed=args.seed)
                finally:
                    from django.db import connections

                    connections.close_all()  # DROP DATABASE needs no connection left
        print(
            "warning: DATABASE_URL is not a PostgreSQL URL; measuring a temporary SQLite database instead. "
            "The figures that count are PostgreSQL's.",
            file=sys.stderr,
        )
        return run(f"sqlite:///{directory}/bench.sqlite3", sizes=sizes, seed=args.seed)


def member_list(rows: int, *, seed: int) -> str:
    """A member list as ICP keeps it: numbered rows, real-looking places, a few columns left empty."""
    rng = random.Random(seed)
    lines = [HEADER]
    for number in range(1, rows + 1):
        country = rng.choice(COUNTRIES)
        population = rng.choice(["", str(rng.randint(300, 9_000_000))])
        lines.append(
            f"{number},Peace Town {number},{rng.choice(['town', 'city', 'village'])},{country},"
            f"Region {rng.randint(1, 40)},{2009 + rng.randint(0, 16)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            ","
            f"{rng.choice(['proclamation', 'council_resolution', 'peace_legacy'])},active,{population},"
            f"{rng.uniform(-60, 60):.6f},{rng.uniform(-170, 170):.6f}"
        )
    return "\n".join(lines) + "\n"


def run(database_url: str, *, sizes: list[int], seed: int) -> int:
    os.environ["DATABASE_URL"] = database_url  # read by the settings, hence before django.setup()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from members.choices import ImportStatus
    from members.imports import member_list_import_run, pending_file
    from members.models import City, MemberListImport

    call_command("migrate", verbosity=0, interactive=False)
    print(f"database:   {connection.vendor} {connection.settings_dict['NAME']} (throwaway)")
    print(f"time limit: {settings.MEMBER_IMPORT_TIME_LIMIT} s per task (members.tasks.run_member_list_import)")
    print(f"{'rows':>6}  {'step':<22} {'seconds':>8} {'rows/s':>8}  result")

    def timed(job_id: int, rows: int, step: str) -> tuple[float, MemberListImport]:
        started = time.perf_counter()
        job = member_list_import_run(job_id=job_id)
        seconds = time.perf_counter() - started
        outcome = f"{job.status}: {job.new_rows} new, {job.updated_rows} updated, {job.skipped_rows} unchanged"
        print(f"{rows:>6}  {step:<22} {seconds:>8.2f} {rows / seconds:>8.0f}  {outcome}, {len(job.errors)} errors")
        return seconds, job

    passed = True
    for rows in sizes:
        City.objects.all().delete()
        stored = pending_file(name=None, file_format="csv")
        stored.save(member_list(rows, seed=seed).encode())
        job = MemberListImport.objects.create(
            original_file_name=f"members-{rows}.csv", stored_file_name=stored.name, file_format="csv"
        )
        preview_seconds, job = timed(job.pk, rows, "preview (dry run)")
        # As member_list_import_confirm does, without queueing: the import is timed here, not by a worker.
        MemberListImport.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED, dry_run=False)
        import_seconds, job = timed(job.pk, rows, "import")
        total = preview_seconds + import_seconds
        print(f"{rows:>6}  {'preview + import':<22} {total:>8.2f} {rows / total:>8.0f}")
        ok = job.status == ImportStatus.IMPORTED and City.objects.count() == rows
        ok = ok and max(preview_seconds, import_seconds) < settings.MEMBER_IMPORT_TIME_LIMIT - 60
        if rows <= ICP_LIST:
            ok = ok and max(preview_seconds, import_seconds) < 30  # would even fit in a web request
        # The same list again: every row unchanged, as when staff re-import the list they exported.
        stored = pending_file(name=None, file_format="csv")
        stored.save(member_list(rows, seed=seed).encode())
        again = MemberListImport.objects.create(
            original_file_name=f"members-{rows}.csv", stored_file_name=stored.name, file_format="csv", dry_run=False
        )
        timed(again.pk, rows, "import again (same)")
        passed = passed and ok
    verdict = "PASS" if passed else "FAIL"
    print(f"target (each step within the task's time limit; {ICP_LIST} rows within 30 s): {verdict}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
