from celery import shared_task

from .services import outbound_email_send, pending_emails_send


@shared_task(
    acks_late=True, autoretry_for=(Exception,), max_retries=5, retry_backoff=30, soft_time_limit=50, time_limit=60
)
def send_outbound_email(message_id: int) -> bool:
    return outbound_email_send(message_id=message_id)


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def send_pending_emails() -> int:
    return pending_emails_send()
