from celery import shared_task

from .services import deliveries_due_send, delivery_attempt

# A delivery takes at most WEBHOOKS_TIMEOUT_SECONDS (default 5) to connect and read: the limits are far above.


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=50, time_limit=60)
def deliver_webhook(delivery_id: int) -> int | None:
    """One attempt of one delivery. acks_late: a worker killed during it leaves the message to another worker, and
    the delivery's lease lets the sweep take it back too."""
    attempt = delivery_attempt(delivery_id=delivery_id)
    return attempt.status_code if attempt else None


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=50, time_limit=60)
def send_due_webhooks() -> int:
    return deliveries_due_send()
