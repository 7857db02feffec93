"""Reusable filters on the outbox."""

from django.db import models
from django.db.models import Q


class OutboundEmailQuerySet(models.QuerySet):
    def pending(self) -> "OutboundEmailQuerySet":
        return self.filter(sent_at__isnull=True)

    def claimable(self, now) -> "OutboundEmailQuerySet":
        """Not sent, and no worker is sending it now (or the one that was died: its claim ran out)."""
        return self.pending().filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
