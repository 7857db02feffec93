from celery import shared_task

from .notices import reviewer_digests_send


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def send_reviewer_digests() -> int:
    return reviewer_digests_send()
