"""Webhooks: partners' subscriptions, the events the portal records for them, and every delivery attempt.

Interface (webhooks/services.py; everything typed and keyword-only):
- subscription_create(*, partner_key, target_url, events, contact_email) -> (Subscription, secret): the secret
  (`whsec_...`) is returned this once; the row keeps it encrypted. The URL is checked (https in production, no
  private, loopback, link-local or metadata address) and WebhookTargetRefused raised otherwise.
- subscription_secret_rotate(*, subscription) -> secret: the new secret signs from now on; the previous one keeps
  signing too (a second `v1,` signature) for settings.WEBHOOKS_PREVIOUS_SECRET_HOURS.
- subscription_disable / subscription_enable(*, subscription, reason=...).
- event_record(*, event_type, payload, city_key) -> Event: called by the signal receivers (webhooks/receivers.py)
  inside the transaction of the change; creates one Delivery per active subscription to the type and queues them
  after commit.
- delivery_attempt(*, delivery_id) -> DeliveryAttempt | None: one POST of one delivery (claimed with a conditional
  UPDATE; None when not due, held by another worker, or waiting for an earlier event of its city).
- event_redeliver(*, subscription, event) -> Delivery; events_redeliver_since(*, subscription, since) -> int:
  deliveries sent again with the same webhook-id.
- deliveries_due_send() -> int: the sweep (Celery beat), which also finds deliveries whose worker died.
"""

import uuid
from urllib.parse import urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _

from outbox.fields import EncryptedTextField
from partners.models import PartnerKey

from .choices import DeliveryStatus, EventType
from .querysets import DeliveryQuerySet, SubscriptionQuerySet

RESPONSE_EXCERPT_CHARS = 1000


class Subscription(models.Model):
    """A partner's wish to be told of some events at a URL. Owned by a partner API key's organisation; signed with a
    secret only the partner and the portal know (kept encrypted, shown once)."""

    partner_key = models.ForeignKey(
        PartnerKey, on_delete=models.CASCADE, related_name="webhook_subscriptions", verbose_name=_("partner API key")
    )
    target_url = models.URLField(_("target URL"), max_length=500)
    events = models.JSONField(_("events"), default=list, help_text=_("The event types sent to this URL."))
    contact_email = models.EmailField(_("contact e-mail"), help_text=_("Told when the subscription is disabled."))
    secret = EncryptedTextField(_("signing secret"), editable=False)
    # After a rotation the previous secret signs too until it expires, so the partner can switch without a gap.
    previous_secret = EncryptedTextField(_("previous signing secret"), blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(_("previous secret signs until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=300, blank=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["partner_key__organisation", "created_at"]

    def __str__(self) -> str:
        return f"{self.partner_key.organisation} → {self.target_url}"

    @property
    def target_host(self) -> str:
        """The receiver's host, to name it in an e-mail without a link that leads off the portal."""
        return urlsplit(self.target_url).hostname or ""


class Event(models.Model):
    """Something that happened, recorded in the same transaction as the change (an outbox): never lost when the
    broker is down, never sent for a change that was rolled back. `city_key` (the city's id, or `progress`) orders
    the deliveries: a subscription gets a city's events in the order they happened."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(_("type"), max_length=40, choices=EventType.choices, db_index=True)
    payload = models.JSONField(_("payload"))
    city_key = models.CharField(_("ordered with"), max_length=40, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.type} {self.webhook_id}"

    @property
    def webhook_id(self) -> str:
        """The webhook-id header: the same for every delivery and redelivery of the event, so receivers can drop
        duplicates."""
        return f"msg_{self.uid.hex}"


class Delivery(models.Model):
    """One event owed to one subscription: pending until the receiver answers 2xx, retried with backoff on 5xx,
    429 and network errors for settings.WEBHOOKS_RETRY_HOURS, failed on other answers."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # A worker holds the delivery until then; a lease that runs out without a result was a worker that died, and
    # the sweep sends the delivery again (at least once).
    claimed_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    # The first failure of the current run of failures: the retry window counts from here.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-event_id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="one_delivery_per_event_and_subscription")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription.partner_key.organisation} ({self.status})"


class DeliveryAttempt(models.Model):
    """One POST of a delivery and what came of it, as staff and the partner see it in the log."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    number = models.PositiveIntegerField(_("attempt"))
    attempted_at = models.DateTimeField(_("attempted at"), db_index=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    response_excerpt = models.TextField(_("response (start)"), blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("webhook delivery attempt")
        verbose_name_plural = _("webhook delivery attempts")
        ordering = ["-attempted_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.number} {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
