"""Faults of Redis (the broker and the shared cache), on a real server: Redis frozen (kill -STOP), then stopped.

Runs the portal under gunicorn on loopback with its own Redis and a throwaway SQLite database, and prints
what a visitor and a monitor see, and how long they wait. Nothing outside this machine is contacted.

    .venv/bin/python bench/faults.py
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from _common import BIN, PYTHON, REPO, free_port, wait_until_up


class Browser:
    """Just enough of a browser: cookies and the CSRF token of a form."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, float, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post_form(self, path: str, fields: dict) -> tuple[int, float, str]:
        _status, _seconds, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        return self._open(request)

    def _open(self, request) -> tuple[int, float, str]:
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, time.monotonic() - started, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, time.monotonic() - started, error.read().decode()


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="icp-faults-"))
    redis_port, web_port = free_port(), free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        # The shared cache in the same Redis: the sign-in lock and the API's rate limits go down with it.
        "DJANGO_CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production",
        "DJANGO_DEBUG": "off",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{web_port}",
        "DJANGO_SECURE_SSL_REDIRECT": "off",
        "DJANGO_SECURE_COOKIES": "off",
        "EMAIL_URL": f"filemail://{workdir / 'mail'}",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    redis_command = [
        "redis-server",
        "--port",
        str(redis_port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    processes: list[subprocess.Popen] = []
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=REPO, env=environment, check=True)
        subprocess.run([PYTHON, "manage.py", "seed_demo", "--cities", "200"], cwd=REPO, env=environment, check=True)
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                "from tests.factories import UserFactory; UserFactory(email='amina@example.org')",
            ],
            cwd=REPO,
            env=environment,
            check=True,
        )
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=REPO, env=environment, check=True
        )
        redis_server = subprocess.Popen(redis_command, stdout=subprocess.DEVNULL)
        processes.append(redis_server)
        gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "icp_portal.wsgi",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
            cwd=REPO,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(gunicorn)
        base = f"http://127.0.0.1:{web_port}"
        wait_until_up(base + "/healthz")
        visitor = Browser(base)

        def report(label: str) -> None:
            health_status, health_seconds, health = visitor.get("/healthz")
            page_status, page_seconds, _page = visitor.get("/cities/")
            reset_status, reset_seconds, _reset = visitor.post_form(
                "/accounts/password/reset/", {"email": "amina@example.org"}
            )
            api_status, api_seconds, _api = visitor.get("/api/v1/cities/?page_size=5")
            print(f"{label:<16} /healthz {health_status} in {health_seconds:.2f} s {health.strip()}")
            print(
                f"{'':<16} /cities/ {page_status} in {page_seconds:.2f} s; "
                f"password reset (rate-limited in the cache, queues an e-mail) {reset_status} in "
                f"{reset_seconds:.2f} s; API (rate-limited in the cache) {api_status} in {api_seconds:.2f} s"
            )

        report("Redis up")
        redis_server.send_signal(signal.SIGSTOP)
        report("Redis frozen")
        redis_server.send_signal(signal.SIGCONT)
        redis_server.terminate()
        redis_server.wait(10)
        report("Redis stopped")

        redis_server = subprocess.Popen(redis_command, stdout=subprocess.DEVNULL)
        processes.append(redis_server)
        time.sleep(0.5)
        waiting = subprocess.run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                "from outbox.models import OutboundEmail as M; print(M.objects.pending().count())",
            ],
            cwd=REPO,
            env=environment,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        # What Celery beat does every five minutes once Redis is back: the sweep sends what waited.
        sent = subprocess.run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                "from outbox.tasks import send_pending_emails; print(send_pending_emails.apply().get())",
            ],
            cwd=REPO,
            env=environment,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        mail_files = len(list((workdir / "mail").glob("*.log"))) if (workdir / "mail").exists() else 0
        print(
            f"Redis back       e-mails waiting in the outbox: {waiting}; sent by the sweep: {sent}; "
            f"mail files written: {mail_files}"
        )
        return 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)
                process.terminate()
                process.wait(10)


if __name__ == "__main__":
    sys.exit(main())
