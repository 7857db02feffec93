"""Sending e-mail: queued in the outbox with the change that causes it, delivered by a Celery task."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from .models import OutboundEmail

logger = logging.getLogger(__name__)

# A message that failed this often is left for an operator to look at (admin shows the error).
MAX_ATTEMPTS = 8


def email_queue(*, to: str, subject: str, body: str, html_body: str = "") -> OutboundEmail:
    """Stores the message and asks a worker to send it once the current transaction commits."""
    from .tasks import send_outbound_email

    # Subjects quote what people typed (a community's name): one line, or the mail library refuses to send it.
    subject = Truncator(" ".join(subject.split())).chars(OutboundEmail._meta.get_field("subject").max_length)
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


class ClaimedElsewhere(Exception):
    """Another worker is sending this message now; try again once its claim has run out."""

    def __init__(self, message_id: int, seconds_left: float) -> None:
        super().__init__(f"E-mail {message_id} is being sent by another worker for {seconds_left:.0f} s more.")
        self.seconds_left = seconds_left


def outbound_email_send(*, message_id: int) -> bool:
    """Sends one stored message: returns True when this call sent it, False when it was sent already.

    The message is claimed for settings.OUTBOX_CLAIM_SECONDS with a conditional UPDATE, so two workers never send
    it at the same time, and marked sent only once the mail server took it. A worker killed in between leaves a
    claim that runs out: the message is then sent again, not lost (at least once: a kill after the mail server
    took it, before the mark, sends it twice). The text, stored encrypted, is blanked when the message is marked
    sent."""
    now = timezone.now()
    claimed = (
        OutboundEmail.objects.claimable(now)
        .filter(pk=message_id)
        .update(claimed_until=now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS), attempts=F("attempts") + 1)
    )
    if not claimed:
        claimed_until = OutboundEmail.objects.pending().filter(pk=message_id).values_list("claimed_until", flat=True)
        if claimed_until:
            raise ClaimedElsewhere(message_id, (claimed_until[0] - now).total_seconds())
        return False  # sent already (or deleted)
    try:
        message = OutboundEmail.objects.get(pk=message_id)  # decrypts the text: fails if the key is gone
        email = EmailMultiAlternatives(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to])
        if message.html_body:
            email.attach_alternative(message.html_body, "text/html")
        email.send()
    except Exception as error:
        # Release the claim so a retry or the next sweep tries again.
        OutboundEmail.objects.filter(pk=message_id).update(claimed_until=None, last_error=str(error)[:2000])
        raise
    # The text is dropped with the mark: the links in it must not outlive their delivery in our database.
    OutboundEmail.objects.filter(pk=message_id).update(
        sent_at=timezone.now(), claimed_until=None, body="", html_body=""
    )
    return True


def pending_emails_send() -> int:
    """Sends every message still waiting (the broker was down, or a send failed); returns how many went out."""
    sent = 0
    waiting = OutboundEmail.objects.claimable(timezone.now()).filter(attempts__lt=MAX_ATTEMPTS).order_by("created_at")
    for message_id in waiting.values_list("pk", flat=True)[:500]:
        try:
            sent += outbound_email_send(message_id=message_id)
        except ClaimedElsewhere:
            continue  # claimed since the query: that worker sends it
        except Exception:  # noqa: BLE001 - one bad address must not stop the others
            logger.exception("E-mail %s could not be sent", message_id)
    return sent
