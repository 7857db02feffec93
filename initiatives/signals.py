"""initiative_published(initiative): an initiative was added to a city's public record; sent inside the transaction
of the change for apps above that react (webhooks tells partners)."""

from django.dispatch import Signal

initiative_published = Signal()
