from celery import shared_task

from .services import report_reminders_send, silent_cities_remind


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def remind_reports_due() -> int:
    return report_reminders_send()


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def remind_staff_of_silent_cities() -> int:
    return silent_cities_remind()
