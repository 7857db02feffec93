"""Writes of initiatives."""

from django.db import transaction

from icp_portal.slugs import unique_slug
from members.models import City

from .models import Initiative
from .signals import initiative_published


@transaction.atomic
def initiative_create(*, city: City, initiative: Initiative) -> Initiative:
    """Adds an initiative (filled in by a form, or proposed in an approved application) to the city, with a slug of
    its own: the city's, then the title's."""
    initiative.city = city
    initiative.slug = unique_slug(Initiative, initiative.title, prefix=city.slug, fallback=city.slug)
    initiative.save()
    initiative_published.send(sender=Initiative, initiative=initiative)
    return initiative
