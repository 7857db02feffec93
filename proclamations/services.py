"""Writes of proclamations."""

import datetime

from django.core.files import File
from django.db import transaction

from members.models import City

from .models import Proclamation
from .signals import proclamation_published


@transaction.atomic
def proclamation_create(
    *,
    city: City,
    kind: str,
    title: str,
    issuing_body: str,
    adopted_on: datetime.date,
    document: File | None = None,
) -> Proclamation:
    """Adds a proclamation to the city's public record; its signed document, when given, is copied into the
    proclamations' own storage (public once the proclamation is)."""
    proclamation = Proclamation(city=city, kind=kind, title=title, issuing_body=issuing_body, adopted_on=adopted_on)
    if document is not None:
        proclamation.document.save(f"{city.slug}-proclamation.pdf", document, save=False)
    proclamation.save()
    if proclamation.is_public:
        proclamation_published.send(sender=Proclamation, proclamation=proclamation)
    return proclamation
