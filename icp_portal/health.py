"""Health of the portal's backing services, for monitors (``/healthz``)."""

from django.conf import settings
from django.db import DatabaseError, connection
from kombu import Connection


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def broker_is_up() -> bool:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
            return True
    except Exception:  # noqa: BLE001 - any failure to reach the broker means "down" to a monitor
        return False


def service_health() -> dict[str, str]:
    """Names each backing service with "ok" or "down"; the broker only where one is configured."""
    checks = {"database": database_is_up()}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = broker_is_up()
    return {name: "ok" if up else "down" for name, up in checks.items()}
