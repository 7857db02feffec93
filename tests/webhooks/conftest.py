"""A real receiver on loopback, and partners subscribed to it."""

import contextlib
import http.server
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from partners.services import partner_key_create
from webhooks.choices import EventType
from webhooks.services import subscription_create


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Answers each POST with the next (status, seconds to wait first) of `answers`, then 200 for ever."""

    url: str = ""
    answers: list[tuple[int, float]] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    server_names: list[str | None] = field(default_factory=list)
    server: http.server.ThreadingHTTPServer | None = None

    def answer(self) -> tuple[int, float]:
        return self.answers.pop(0) if self.answers else (200, 0.0)


@contextlib.contextmanager
def serving(
    state: Receiver, *, tls: ssl.SSLContext | None = None, host: str = "127.0.0.1", keep_alive: bool = False
) -> Iterator[Receiver]:
    """Runs the receiver on a free port of 127.0.0.1 until the block ends: plain HTTP, or HTTPS with `tls` (the
    server names clients ask for, one a TLS handshake, are kept in `state.server_names`); `state.url` names it as
    `host`. With `keep_alive`, HTTP/1.1: a connection stays open for the next request."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.received.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
            status, wait = state.answer()
            time.sleep(wait)
            answer = b"ok" if status < 300 else b"receiver says no" * 10_000
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            try:
                self.wfile.write(answer)
            except OSError:
                pass  # the portal stopped reading: it reads only the start of an answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls:
        tls.sni_callback = lambda _socket, server_name, _context: state.server_names.append(server_name)
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    state.server = server
    scheme = "https" if tls else "http"
    state.url = f"{scheme}://{host}:{server.server_address[1]}/hooks/icp"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver():
    with serving(Receiver()) as state:
        yield state


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    """The receiver is on loopback, over plain HTTP: allowed in tests only."""
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1.0
    settings.PORTAL_BASE_URL = "http://testserver"


@pytest.fixture
def partner_key(db):
    key, _secret = partner_key_create(organisation="Mayors for Peace")
    return key


@pytest.fixture
def subscribed(partner_key, receiver):
    """A subscription of the partner to every event, at the receiver; with its secret."""
    subscription, secret = subscription_create(
        partner_key=partner_key, target_url=receiver.url, events=EventType.values, contact_email="tech@mayors.example"
    )
    subscription.shown_secret = secret
    return subscription
