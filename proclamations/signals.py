"""proclamation_published(proclamation): a public proclamation was added to a city's record; sent inside the
transaction of the change for apps above that react (webhooks tells partners)."""

from django.dispatch import Signal

proclamation_published = Signal()
