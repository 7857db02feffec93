"""Reads of member data that pages and the API share."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.shortcuts import get_object_or_404

from .models import City


@dataclass(frozen=True)
class NetworkHeadline:
    """The network at a glance: how many active members, where, and how far from the goal."""

    member_count: int
    country_count: int
    goal: int
    goal_year: int
    newest_members: list[City]

    @property
    def percent_of_goal(self) -> int:
        return min(100, round(100 * self.member_count / self.goal)) if self.goal else 100

    @property
    def still_to_join(self) -> int:
        return max(0, self.goal - self.member_count)


def network_headline(newest: int = 6) -> NetworkHeadline:
    # one query for both counts, one for the newest members
    counts = City.objects.active().aggregate(members=Count("id"), countries=Count("country", distinct=True))
    return NetworkHeadline(
        member_count=counts["members"],
        country_count=counts["countries"],
        goal=settings.NETWORK_GOAL_CITIES,
        goal_year=settings.NETWORK_GOAL_YEAR,
        newest_members=list(City.objects.newest_members(newest)),
    )


def city_coordinated_by(user, slug: str) -> City:
    """The city with this slug, only if the user coordinates it: anyone else gets 404, for every edit page."""
    return get_object_or_404(City.objects.coordinated_by(user), slug=slug)
