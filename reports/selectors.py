"""Reads of yearly reports that pages, the API and the progress page share."""

from django.db.models import Count, Q, QuerySet, Sum

from members.models import City

from . import rules
from .choices import STANDARD_FIGURES, ReportStatus
from .models import Report


def published_reports_of(city: City) -> QuerySet[Report]:
    """The city's published reports, newest year first (for its public page)."""
    return Report.objects.published().filter(city=city).order_by("-year").only("id", "year", "city_id", "accepted_at")


def published_report(slug: str, year: int) -> Report | None:
    """A published report with its city, indicators, photos and initiatives."""
    return (
        Report.objects.published()
        .select_related("city")
        .prefetch_related("indicators", "photos", "initiatives")
        .filter(city__slug=slug, year=year)
        .first()
    )


def reports_impact(year: int) -> dict:
    """The network's reports of `year`: how many were filed and what share of active members that is, how many
    are published, and the totals of each standard figure over the published ones. Two queries."""
    totals = Report.objects.of_year(year).aggregate(
        filed=Count("id", filter=Q(status__in=rules.FILED)),
        published=Count("id", filter=Q(status=ReportStatus.ACCEPTED)),
        **{name: Sum(name, filter=Q(status=ReportStatus.ACCEPTED)) for name in STANDARD_FIGURES},
    )
    active_members = City.objects.active().count()
    labels = {name: Report._meta.get_field(name).verbose_name for name in STANDARD_FIGURES}
    return {
        "year": year,
        "filed": totals["filed"],
        "published": totals["published"],
        "active_members": active_members,
        "share_filed": round(100 * totals["filed"] / active_members) if active_members else 0,
        "totals": [{"name": name, "label": labels[name], "total": totals[name] or 0} for name in STANDARD_FIGURES],
    }


def initiatives_of_the_year(city: City, year: int):
    """The city's initiatives that ran in the report's year: the twelve months up to its anniversary in `year`."""
    period_end = rules.anniversary(city, year)
    period_start = rules.anniversary(city, year - 1)
    return city.initiatives.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=period_end),
        Q(end_date__isnull=True) | Q(end_date__gte=period_start),
    ).order_by("start_date", "title")


def report_prefill(city: City, year: int) -> dict:
    """What a new report starts with: the initiatives of the year, ticked and listed in the summary."""
    initiatives = list(initiatives_of_the_year(city, year))
    return {
        "initiatives": [initiative.pk for initiative in initiatives],
        "activities": "\n".join(f"• {initiative.title}" for initiative in initiatives),
    }
