from celery import shared_task

from .resources import abandoned_imports_remove
from .services import quiet_cities_remind


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def remind_quiet_cities() -> int:
    return quiet_cities_remind()


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def remove_abandoned_imports() -> int:
    return abandoned_imports_remove()
