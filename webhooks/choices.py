"""What a partner can subscribe to, and the states of a delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    CITY_APPROVED = "city.approved", _("A city joined the network")
    CITY_UPDATED = "city.updated", _("A city changed its public profile")
    CITY_STATUS_CHANGED = "city.status_changed", _("A city became inactive, withdrew, or was reinstated")
    PROCLAMATION_PUBLISHED = "proclamation.published", _("A city published a proclamation")
    INITIATIVE_PUBLISHED = "initiative.published", _("A city published a peace initiative")
    PROGRESS_MILESTONE = "progress.milestone", _("The network reached a milestone (every 50 members, and the goal)")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    # Refused by the receiver (a 4xx other than 429, a redirect), or retried for the whole window: not retried.
    FAILED = "failed", _("failed")


# The prefix of a signing secret, as the Standard Webhooks libraries expect it.
SECRET_PREFIX = "whsec_"
