from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import EncryptedTextField
from .querysets import OutboundEmailQuerySet


class OutboundEmail(models.Model):
    """An e-mail the portal owes someone. Written in the same transaction as the change that causes it,
    so a message is never lost when the broker or the mail server is down: it waits here until sent.

    The text carries secrets (password-reset, sign-up, invitation and supporter links): it is stored encrypted
    (outbox/fields.py) and dropped once the mail server took the message. Staff see recipient, subject and status."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = EncryptedTextField(_("text"), blank=True)
    html_body = EncryptedTextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # While a worker sends the message: until then no other worker may. A claim that runs out without the message
    # being sent belonged to a worker that died: the message is sent again (at least once, never lost).
    claimed_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
