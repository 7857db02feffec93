"""What the pages of lower apps show of yearly reports, without importing this app: the city page lists its
published reports, the dashboard each city's report of the open window."""

from django import template
from django.utils import timezone

from members.models import City

from .. import rules
from ..models import Report
from ..selectors import published_reports_of

register = template.Library()


@register.simple_tag
def published_reports(city: City) -> list[Report]:
    return list(published_reports_of(city))


@register.simple_tag
def report_due(city: City) -> dict:
    """The city's report window (open, else next) and its report of that year, if begun."""
    today = timezone.localdate()
    window = rules.next_window(city, today)
    report = Report.objects.filter(city=city, year=window.year).first()
    return {
        "window": window,
        "is_open": window.is_open_on(today) and city.is_active,
        "report": report,
        "may_start": report is None and rules.may_start(city, window.year, today),
    }
