"""Joint projects on pages that belong to other apps (a city's page, the dashboard), each from one include."""

from dataclasses import dataclass

from django import template

from .. import chart
from ..models import Initiative, InitiativePartner

register = template.Library()


@dataclass(frozen=True)
class JointProject:
    initiative: Initiative
    organiser: object
    partners: list


@register.simple_tag
def joint_projects_of(city) -> list[JointProject]:
    """The city's joint projects, organised or joined, from what the city page prefetched: no query."""
    organised = [
        JointProject(initiative, city, [partner.city for partner in initiative.accepted_partners])
        for initiative in city.initiatives.all()
        if initiative.accepted_partners or initiative.is_alliance_agreement
    ]
    joined = [
        JointProject(
            partnership.initiative,
            partnership.initiative.city,
            [partner.city for partner in partnership.initiative.accepted_partners if partner.city_id != city.pk],
        )
        for partnership in city.joint_partnerships
    ]
    return organised + joined


@register.simple_tag
def partner_invitations_for(user) -> list[InitiativePartner]:
    """Invitations waiting for an answer from a city the user coordinates: one query."""
    return list(
        InitiativePartner.objects.invited()
        .for_coordinator(user)
        .select_related("city", "initiative__city")
        .distinct()
        .order_by("-invited_at")
    )


@register.filter
def links_chart(links_by_year):
    """The geometry of the chart of links between cities over time (initiatives/chart.py)."""
    return chart.links_chart(links_by_year)
