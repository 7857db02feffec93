"""Celery entry points of the progress snapshot: they take no rows and call the services."""

from celery import shared_task
from django.db import DatabaseError

from .services import progress_refresh_requested_run, progress_snapshot_daily


@shared_task(
    acks_late=True,
    autoretry_for=(DatabaseError,),
    max_retries=3,
    retry_backoff=60,
    soft_time_limit=110,
    time_limit=120,
)
def take_progress_snapshot() -> str:
    """Daily (Celery beat) and `manage.py snapshot_progress`: today's snapshot, taken again if it exists."""
    return str(progress_snapshot_daily())


@shared_task(
    acks_late=True,
    autoretry_for=(DatabaseError,),
    max_retries=3,
    retry_backoff=30,
    soft_time_limit=110,
    time_limit=120,
)
def refresh_progress_snapshot() -> str | None:
    """After membership changes (see progress_refresh_soon): runs once for a whole burst of them."""
    snapshot = progress_refresh_requested_run()
    return str(snapshot) if snapshot else None
