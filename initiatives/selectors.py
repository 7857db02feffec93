"""Reads of initiatives for the public pages."""

from .choices import InitiativeStatus
from .models import Initiative

FEATURED_ON_HOME = 3


def featured_initiatives(limit: int = FEATURED_ON_HOME) -> list[Initiative]:
    """For the home page: the initiatives staff featured, then the latest current ones, of active members, one per
    city so that the home page shows several communities."""
    candidates = (
        Initiative.objects.of_active_members()
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
