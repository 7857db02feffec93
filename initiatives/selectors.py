"""Reads of initiatives for the public pages."""

from django.db.models import Q, QuerySet

from members.choices import MembershipStatus

from .choices import InitiativeStatus
from .models import Initiative

FEATURED_ON_HOME = 3


def initiatives_matching(filters: dict) -> QuerySet[Initiative]:
    """Initiatives of active member cities, narrowed by search text, category and country."""
    initiatives = Initiative.objects.filter(city__status=MembershipStatus.ACTIVE).select_related("city")
    if text := (filters.get("q") or "").strip():
        initiatives = initiatives.filter(
            Q(title__icontains=text) | Q(description__icontains=text) | Q(city__name__icontains=text)
        )
    if filters.get("category"):
        initiatives = initiatives.filter(category=filters["category"])
    if filters.get("country"):
        initiatives = initiatives.filter(city__country=filters["country"])
    return initiatives.order_by("-updated_at", "id")


def featured_initiatives(limit: int = FEATURED_ON_HOME) -> list[Initiative]:
    """For the home page: the initiatives staff featured, then the latest current ones, of active members, one per
    city so that the home page shows several communities."""
    candidates = (
        Initiative.objects.filter(city__status=MembershipStatus.ACTIVE)
        .exclude(status=InitiativeStatus.COMPLETED)
        .select_related("city")
        .order_by("-featured", "-updated_at", "id")[: limit * 8]
    )
    chosen, cities = [], set()
    for initiative in candidates:
        if initiative.city_id not in cities:
            chosen.append(initiative)
            cities.add(initiative.city_id)
        if len(chosen) == limit:
            break
    return chosen
