from celery import shared_task

from .services import ClaimedElsewhere, outbound_email_send, pending_emails_send


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(Exception,),
    max_retries=5,
    retry_backoff=30,
    soft_time_limit=50,
    time_limit=60,
)
def send_outbound_email(self, message_id: int) -> bool:
    try:
        return outbound_email_send(message_id=message_id)
    except ClaimedElsewhere as claimed:
        # Another worker holds it, or held it and died: look again when its claim runs out.
        raise self.retry(countdown=claimed.seconds_left + 1) from claimed


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def send_pending_emails() -> int:
    return pending_emails_send()
