"""The CPU one webhook delivery takes from the machine: the delivery task run in this process, many times.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/webhook_delivery_cpu.py
    (--https: to a TLS receiver, as in production; --profile: the functions that take it)

Creates the throwaway database `icp_bench_webhook_cpu` on that server; starts a receiver in a process of its own
(answering 204, so that only the portal's side is counted), over https with --https (a throwaway authority of
tests/webhooks/tls.py, trusted through WEBHOOKS_CA_FILE); records --deliveries events, each of its own city, for
one subscription, and runs the Celery task `deliver_webhook` on each in turn, in this process, logging as in
production (JSON, INFO, to /dev/null here). Prints the CPU time of this process (user + system) per delivery,
which does not depend on how busy the machine is the way wall time does (the load average is printed too), and
the SQL queries of one delivery.
"""

import argparse
import cProfile
import http.server
import io
import logging
import os
import pstats
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, bench_environment, cpu_seconds, throwaway_database

DATABASE = "icp_bench_webhook_cpu"
WARM_UP_DELIVERIES = 20
HOST = "localhost"  # resolves to 127.0.0.1: the TLS server name and Host carry it, as for a partner's name


class Answer204(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keeps the connection open, as a partner's server does

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def serve_receiver(certificate_folder: str) -> None:
    """The receiver process: prints its port, then answers until it is stopped."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer204)
    server.daemon_threads = True
    if certificate_folder:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        folder = Path(certificate_folder)
        context.load_cert_chain(folder / f"{HOST}.pem", folder / f"{HOST}.key")
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


def start_receiver(certificate_folder: str) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve-receiver", certificate_folder], stdout=subprocess.PIPE, text=True
    )
    return process, int(process.stdout.readline())


def city_payload(number: int) -> dict:
    """About the size of a real city.approved body (2 KB)."""
    return {
        "type": "city.approved",
        "timestamp": "2026-12-02T12:00:00Z",
        "url": f"https://portal.example/api/v1/cities/bench-city-{number}/",
        "data": {
            "slug": f"bench-city-{number}",
            "name": f"Bench City {number}",
            "country": {"code": "KE", "name": "Kenya"},
            "continent": "Africa",
            "location": {"latitude": -0.0917, "longitude": 34.768},
            "population": 610_082 + number,
            "status": "active",
            "pathway": "council",
            "joined_on": "2026-12-02",
            "description": "A city of peace on the shore of Lake Victoria. " * 20,
            "links": [f"https://city-{number}.example/peace/{part}" for part in range(8)],
        },
    }


def run(options: argparse.Namespace, database_url: str, workdir: Path) -> None:
    environment = {
        **bench_environment(database_url, anonymous_rate="100/minute"),
        "DJANGO_LOG_LEVEL": "INFO",  # as the Procfile's worker logs
        "WEBHOOKS_ALLOW_LOOPBACK": "on",  # the receiver is on loopback: for this bench only, never in production
        "WEBHOOKS_REQUIRE_HTTPS": "on" if options.https else "off",
        "DJANGO_SETTINGS_MODULE": "icp_portal.settings",
    }
    certificate_folder = ""
    if options.https:
        sys.path.insert(0, str(REPO))
        from tests.webhooks.tls import authority_create, authority_file, server_context

        authority = authority_create()
        server_context(authority, HOST, workdir)
        environment["WEBHOOKS_CA_FILE"] = str(authority_file(authority, workdir))
        certificate_folder = str(workdir)
    os.environ.update(environment)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    for handler in logging.getLogger().handlers:  # formatted as in production, written nowhere
        handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - for the life of the process
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.services import partner_key_create
    from webhooks import services
    from webhooks.choices import EventType
    from webhooks.models import Delivery, DeliveryAttempt
    from webhooks.services import event_record, subscription_create
    from webhooks.tasks import deliver_webhook

    # This loop stands for the broker and the worker: recording an event hands its delivery to no one.
    services._queue = lambda delivery_ids: None

    call_command("migrate", verbosity=0, interactive=False)
    receiver, port = start_receiver(certificate_folder)
    try:
        scheme = "https" if options.https else "http"
        partner_key, _key = partner_key_create(organisation="Bench partner")
        subscription_create(
            partner_key=partner_key,
            target_url=f"{scheme}://{HOST}:{port}/hooks",
            events=EventType.values,
            contact_email="partner@bench.example",
        )
        total = WARM_UP_DELIVERIES + options.deliveries
        for number in range(total):
            event_record(event_type=EventType.CITY_APPROVED, payload=city_payload(number), city_key=f"city:{number}")
        ids = list(Delivery.objects.order_by("event_id").values_list("pk", flat=True))
        warm_up, measured = ids[:WARM_UP_DELIVERIES], ids[WARM_UP_DELIVERIES:]
        for delivery_id in warm_up[:-1]:
            deliver_webhook(delivery_id)
        with CaptureQueriesContext(connection) as queries:
            deliver_webhook(warm_up[-1])
        load = os.getloadavg()
        with connection.cursor() as cursor:  # the database's server process of this connection, on this machine
            cursor.execute("SELECT pg_backend_pid()")
            database_pid = cursor.fetchone()[0]
        database_before = cpu_seconds(database_pid)
        profiler = cProfile.Profile(time.thread_time) if options.profile else None  # CPU, not wall time
        cpu_before, wall_before = time.process_time(), time.monotonic()
        if profiler:
            profiler.enable()
        for delivery_id in measured:
            deliver_webhook(delivery_id)
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu_before, time.monotonic() - wall_before
        database_cpu = cpu_seconds(database_pid) - database_before
    finally:
        receiver.terminate()
        receiver.wait()
    delivered = DeliveryAttempt.objects.filter(status_code=204).count()
    print(
        f"Webhook delivery CPU: {options.deliveries} deliveries over {scheme} to a receiver on loopback (another "
        f"process), the task run in this process; load average {load[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"  {delivered} of {total} answered 204; {len(queries.captured_queries)} SQL queries a delivery")
    if delivered != total:
        raise SystemExit("FAILED: not every delivery was made")
    print(
        f"  CPU {cpu / options.deliveries * 1000:.2f} ms a delivery (this process, user + system); wall "
        f"{wall / options.deliveries * 1000:.2f} ms"
    )
    print(f"  PostgreSQL's CPU for them: {database_cpu / options.deliveries * 1000:.2f} ms a delivery (its process)")
    if options.queries:
        for query in queries.captured_queries:
            print("   ", query["sql"][:300])
    if profiler:
        output = io.StringIO()
        pstats.Stats(profiler, stream=output).sort_stats(options.sort).print_stats(options.profile)
        print(output.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=500, help="deliveries measured (default 500)")
    parser.add_argument("--https", action="store_true", help="to a TLS receiver (a throwaway certificate)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--sort", default="cumulative", help="profile order: cumulative (default), tottime")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one delivery")
    parser.add_argument("--serve-receiver", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve_receiver is not None:
        serve_receiver(options.serve_receiver)
        return 0
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        print("Needs DATABASE_URL naming a PostgreSQL server.")
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="icp-bench-webhook-cpu-"))
    try:
        with throwaway_database(server_url, DATABASE) as database_url:
            run(options, database_url, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
