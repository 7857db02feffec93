"""Health of the portal's backing services, for monitors (``/healthz``)."""

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from kombu import Connection

# Seconds a health check waits for the broker: a monitor needs an answer, not a hung request.
BROKER_TIMEOUT = 1


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def broker_is_up() -> bool:
    url = settings.CELERY_BROKER_URL
    try:
        if url.startswith(("redis://", "rediss://")):
            # A PING, not only a connection: a frozen Redis still accepts connections but answers nothing.
            client = redis.Redis.from_url(url, socket_timeout=BROKER_TIMEOUT, socket_connect_timeout=BROKER_TIMEOUT)
            return bool(client.ping())
        with Connection(url, connect_timeout=BROKER_TIMEOUT) as broker:
            broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)
            return True
    except Exception:  # noqa: BLE001 - any failure to reach the broker means "down" to a monitor
        return False


def service_health() -> dict[str, str]:
    """Names each backing service with "ok" or "down"; the broker only where one is configured."""
    checks = {"database": database_is_up()}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = broker_is_up()
    return {name: "ok" if up else "down" for name, up in checks.items()}
