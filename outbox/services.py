"""Sending e-mail: queued in the outbox with the change that causes it, delivered by a Celery task."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

# A message that failed this often is left for an operator to look at (admin shows the error).
MAX_ATTEMPTS = 8


def email_queue(*, to: str, subject: str, body: str, html_body: str = "") -> OutboundEmail:
    """Stores the message and asks a worker to send it once the current transaction commits."""
    from .tasks import send_outbound_email

    message = OutboundEmail.objects.create(to=to, subject=subject, body=body, html_body=html_body)
    transaction.on_commit(lambda: _enqueue(send_outbound_email, message.pk))
    return message


def _enqueue(task, message_id: int) -> None:
    try:
        task.delay(message_id)
    except Exception:  # noqa: BLE001 - broker down (or, run in-process, the mail server): the sweep retries
        logger.warning(
            "E-mail %s not sent now; it waits in the outbox for the periodic sweep", message_id, exc_info=True
        )


def outbound_email_send(*, message_id: int) -> bool:
    """Sends one stored message, at most once: returns True when this call sent it."""
    # Claim the row with a conditional UPDATE, so two workers never send the same message.
    claimed = OutboundEmail.objects.filter(pk=message_id, sent_at__isnull=True).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    message = OutboundEmail.objects.get(pk=message_id)
    email = EmailMultiAlternatives(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to])
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    try:
        email.send()
    except Exception as error:
        # Release the claim so the next sweep tries again.
        OutboundEmail.objects.filter(pk=message_id).update(sent_at=None, last_error=str(error)[:2000])
        raise
    return True


def pending_emails_send() -> int:
    """Sends every message still waiting (the broker was down, or a send failed); returns how many went out."""
    sent = 0
    waiting = OutboundEmail.objects.pending().filter(attempts__lt=MAX_ATTEMPTS).order_by("created_at")
    for message_id in waiting.values_list("pk", flat=True)[:500]:
        try:
            sent += outbound_email_send(message_id=message_id)
        except Exception:  # noqa: BLE001 - one bad address must not stop the others
            logger.exception("E-mail %s could not be sent", message_id)
    return sent
