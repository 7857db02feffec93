"""DJANGO_CACHE_URL: the default cache in Redis, shared by every web process; a Redis out of reach is no cache."""

import shutil
import signal
import socket
import subprocess
import time
import uuid

import pytest
import redis
from django.core.cache import cache

from icp_portal.cache import RedisCacheOrNothing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CITIES = "/api/v1/cities/"
NOTHING_LISTENS = "redis://127.0.0.1:1/0"  # port 1: the connection is refused at once


@pytest.fixture(autouse=True)
def redis_not_paused():
    """The pause after a failure is per process: one test's unreachable Redis must not pause the next test's."""
    RedisCacheOrNothing.paused_until = 0.0
    yield
    RedisCacheOrNothing.paused_until = 0.0


def redis_cache(location: str, prefix: str) -> dict:
    """The default cache as settings.py builds it from DJANGO_CACHE_URL."""
    return {
        "BACKEND": "icp_portal.cache.RedisCacheOrNothing",
        "LOCATION": location,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }


def throttle_to(settings, rate: str) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": rate, "partner": rate},
    }


@pytest.mark.broker
def test_rate_limits_are_counted_in_redis_for_every_process(client, settings):
    if not (settings.CELERY_BROKER_URL or "").startswith("redis://"):
        pytest.skip("needs a Redis: set CELERY_BROKER_URL=redis://127.0.0.1:6379/<n> (CI does)")
    location = settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/14"
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {**settings.CACHES, "default": redis_cache(location, prefix)}
    throttle_to(settings, "2/minute")
    try:
        assert [client.get(CITIES).status_code for _ in range(3)] == [200, 200, 429]
        # Another web process reads the same counter: it is in Redis, not in this process's memory.
        counters = redis.Redis.from_url(location).keys(f"{prefix}:*api-throttle:anonymous:*")
        assert len(counters) == 1
    finally:
        cache.clear()


def test_an_unreachable_redis_is_no_cache_and_no_error(client, settings):
    settings.CACHES = {**settings.CACHES, "default": redis_cache(NOTHING_LISTENS, "icp")}
    throttle_to(settings, "2/minute")
    started = time.monotonic()
    statuses = [client.get(CITIES).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]  # nothing counted, nobody refused
    assert time.monotonic() - started < 3
    # Sign-in keeps working too (its failed-attempt lock lives in the same cache).
    UserFactory(email="amina@example.org", password="a long enough passphrase")
    response = client.post("/accounts/login/", {"login": "amina@example.org", "password": "a long enough passphrase"})
    assert response.status_code == 302


@pytest.fixture
def frozen_redis():
    """A Redis of this test's own, stopped with SIGSTOP: it accepts connections and never answers."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(port=port, socket_timeout=1)
        for _ in range(50):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        server.send_signal(signal.SIGSTOP)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.send_signal(signal.SIGCONT)
        server.terminate()
        server.wait(10)


def test_a_frozen_redis_costs_one_timeout_then_is_left_alone(client, settings, frozen_redis):
    settings.CACHES = {**settings.CACHES, "default": redis_cache(frozen_redis, "icp")}
    # Times only what waits on Redis: the suite hashes passwords with MD5 (tests/conftest.py), not the real hasher that
    # takes about a second on a busy machine.
    throttle_to(settings, "2/minute")
    started = time.monotonic()
    assert client.get(CITIES).status_code == 200
    first = time.monotonic() - started
    UserFactory(email="amina@example.org", password="a long enough passphrase")
    response = client.post("/accounts/login/", {"login": "amina@example.org", "password": "a long enough passphrase"})
    assert response.status_code == 302
    assert [client.get(CITIES).status_code for _ in range(3)] == [200, 200, 200]
    everything = time.monotonic() - started
    assert first < 3 and everything < 3, (first, everything)
