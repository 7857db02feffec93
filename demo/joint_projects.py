"""Joint projects of the demo network: partner cities on initiatives over the last few years, one invitation still
waiting for its answer and one City-to-City Alliance Agreement with a small generated PDF, so the city pages, the
dashboard and the progress page show them. Deterministic (the first active cities by member number) and idempotent
(nothing is added once the agreement exists)."""

import io
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter

from initiatives.choices import InitiativeCategory, JointProjectKind, PartnershipStatus
from initiatives.models import Initiative, InitiativePartner
from members.models import City

AGREEMENT_SLUG = "demo-city-to-city-alliance-agreement"
# (organiser, partner, years ago the partner accepted): indexes into the first active cities with an initiative.
ACCEPTED = [(0, 1, 4), (0, 2, 3), (3, 4, 3), (5, 6, 2), (7, 1, 2), (2, 8, 1), (9, 3, 1), (10, 0, 0)]
PENDING = (1, 5)
AGREEMENT_CITIES = (2, 4, 6)  # the organiser and its two partners
CITIES_NEEDED = 11


@dataclass(frozen=True)
class JointProjectsSeeded:
    partner_cities: int = 0
    agreements: int = 0  # initiatives of the kind: counted with the network's initiatives


def agreement_pdf() -> bytes:
    """A one-page PDF that passes the portal's PDF check: the demo's signed agreement."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # A4, in points
    writer.add_metadata({"/Title": "City-to-City Alliance Agreement (demo)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@transaction.atomic
def seed_demo_joint_projects() -> JointProjectsSeeded:
    """Adds the demo's joint projects; nothing when they are there already or the network has too few cities."""
    if Initiative.objects.filter(slug=AGREEMENT_SLUG).exists():
        return JointProjectsSeeded()
    cities = list(City.objects.active().filter(initiatives__isnull=False).distinct().order_by("member_number"))
    if len(cities) < CITIES_NEEDED:
        return JointProjectsSeeded()
    first_initiative = {
        initiative.city_id: initiative
        for initiative in Initiative.objects.filter(city__in=cities).order_by("-id")  # the first one wins
    }
    today = timezone.localdate()
    now = timezone.now()
    partnerships = [
        InitiativePartner(
            initiative=first_initiative[cities[organiser].pk],
            city=cities[partner],
            status=PartnershipStatus.ACCEPTED,
            invited_at=now - timedelta(days=365 * years + 30),
            answered_at=now - timedelta(days=365 * years),
            accepted_on=today - timedelta(days=365 * years),
        )
        for organiser, partner, years in ACCEPTED
    ]
    organiser, partner = PENDING
    partnerships.append(
        InitiativePartner(initiative=first_initiative[cities[organiser].pk], city=cities[partner], invited_at=now)
    )
    organiser, *partners = (cities[index] for index in AGREEMENT_CITIES)
    signed_on = today - timedelta(days=200)
    agreement = Initiative(
        city=organiser,
        slug=AGREEMENT_SLUG,
        title=f"City-to-City Alliance Agreement of {organiser.name}, {partners[0].name} and {partners[1].name}",
        kind=JointProjectKind.ALLIANCE_AGREEMENT,
        category=InitiativeCategory.OTHER,
        description="The three cities agree to exchange their peace practices and to meet every year on 21 September.",
        start_date=signed_on,
        signed_on=signed_on,
    )
    agreement.agreement_document.save("alliance-agreement.pdf", ContentFile(agreement_pdf()), save=False)
    agreement.save()
    partnerships += [
        InitiativePartner(
            initiative=agreement,
            city=city,
            status=PartnershipStatus.ACCEPTED,
            invited_at=now,
            answered_at=now,
            accepted_on=signed_on,
        )
        for city in partners
    ]
    InitiativePartner.objects.bulk_create(partnerships)
    return JointProjectsSeeded(partner_cities=len(partnerships), agreements=1)
