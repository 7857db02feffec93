"""Reusable filters on subscriptions and deliveries."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from .choices import DeliveryStatus


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> "SubscriptionQuerySet":
        return self.filter(is_active=True, partner_key__revoked_at__isnull=True)

    def listening_to(self, event_type: str) -> list:
        """The subscriptions to the event whose key is not revoked, disabled ones too: what a disabled subscription
        is owed waits for it, and is delivered in order once it is enabled again. Their events are a JSON list,
        which SQLite cannot search: the few subscriptions are read (without their secrets) and chosen here."""
        rows = self.filter(partner_key__revoked_at__isnull=True).defer("secret", "previous_secret")
        return [subscription for subscription in rows if event_type in subscription.events]


class DeliveryQuerySet(models.QuerySet):
    def pending(self) -> "DeliveryQuerySet":
        return self.filter(status=DeliveryStatus.PENDING)

    def due(self, now) -> "DeliveryQuerySet":
        """Pending, its next attempt due, not held by a worker (or held by one that died: its lease ran out), its
        subscription active and its key not revoked, and no earlier event of the same city still pending for the
        same subscription: the order per city is kept."""
        from .models import Delivery

        earlier_of_same_city = Delivery.objects.pending().filter(
            subscription=OuterRef("subscription"),
            event__city_key=OuterRef("event__city_key"),
            event_id__lt=OuterRef("event_id"),
        )
        return (
            self.pending()
            .filter(next_attempt_at__lte=now, subscription__is_active=True)
            .filter(subscription__partner_key__revoked_at__isnull=True)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .exclude(Exists(earlier_of_same_city))
        )
