from celery import shared_task

from .tallies import fold_tallies


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def fold_row_tallies() -> int:
    return fold_tallies()
