"""Writes of initiatives."""

from django.db import transaction
from django.utils.text import slugify

from members.models import City

from .models import Initiative


def initiative_unique_slug(*, city: City, title: str) -> str:
    base = f"{city.slug}-{slugify(title)}"[:220].strip("-") or city.slug
    taken = set(Initiative.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def initiative_create(*, city: City, initiative: Initiative) -> Initiative:
    """Adds an initiative, filled in by a form, to the city, with a slug of its own."""
    initiative.city = city
    initiative.slug = initiative_unique_slug(city=city, title=initiative.title)
    initiative.save()
    return initiative
