"""Reads of initiatives for the public pages, and the network's joint projects for the progress page and the API."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Min, Q

from .choices import InitiativeStatus, JointProjectKind, PartnershipStatus
from .models import Initiative, InitiativePartner

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


@dataclass(frozen=True)
class LinksInYear:
    """The links between cities in the network at the end of a year (cumulative), and those made that year."""

    year: int
    links: int
    new: int


@dataclass(frozen=True)
class JointProjectFigures:
    """The network's "collaborative project numbers": joint projects, alliance agreements among them, the cities
    they connect and the links between cities (an organising city and a partner) year by year."""

    joint_projects: int
    alliance_agreements: int
    cities_connected: int
    links: int
    links_by_year: list[LinksInYear]


def joint_project_figures() -> JointProjectFigures:
    """One query: every accepted partnership between active members, counted here."""
    rows = list(
        InitiativePartner.objects.accepted()
        .of_active_members()
        .values_list("initiative_id", "initiative__kind", "initiative__city_id", "city_id", "accepted_on")
    )
    projects = {initiative for initiative, *_ in rows}
    agreements = {initiative for initiative, kind, *_ in rows if kind == JointProjectKind.ALLIANCE_AGREEMENT}
    cities = {organiser for _, _, organiser, _, _ in rows} | {partner for *_, partner, _ in rows}
    new_by_year = Counter(accepted_on.year for *_, accepted_on in rows)
    links_by_year, total = [], 0
    if new_by_year:
        for year in range(min(new_by_year), max(new_by_year) + 1):
            total += new_by_year[year]
            links_by_year.append(LinksInYear(year=year, links=total, new=new_by_year[year]))
    return JointProjectFigures(
        joint_projects=len(projects),
        alliance_agreements=len(agreements),
        cities_connected=len(cities),
        links=len(rows),
        links_by_year=links_by_year,
    )


def joint_projects_listed():
    """The accepted joint projects with their organising city and accepted partners, for the API: three queries."""
    return (
        Initiative.objects.joint_projects()
        .with_partner_cities()
        .select_related("city")
        .annotate(
            partners_since=Min("partnerships__accepted_on", filter=Q(partnerships__status=PartnershipStatus.ACCEPTED))
        )
        .order_by("-updated_at", "id")
    )
