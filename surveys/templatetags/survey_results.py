"""Survey results for pages of the apps below surveys (the city page) and beside it (the progress page), which read
them here instead of importing surveys: {% load survey_results %}."""

from django import template
from django.utils import formats, timezone

from members.models import City

from ..models import Survey
from ..querysets import RESULTS_FLOOR
from ..selectors import NetworkSurveyResults, SurveyResults, city_survey_results, network_survey_results

register = template.Library()


@register.simple_tag
def city_survey_results_of(city: City) -> SurveyResults | None:
    """The city's latest survey results (at or above the floor), or None."""
    return city_survey_results(city=city)


@register.simple_tag
def network_survey_results_of(year: int | None = None) -> NetworkSurveyResults:
    """The network's survey results of the year; without one, of the latest year with results, else this year."""
    if not year:  # not given: the template's empty string
        latest = Survey.objects.with_results().order_by("-year").values_list("year", flat=True).first()
        year = latest or timezone.localdate().year
    return network_survey_results(year=year)


@register.simple_tag
def survey_results_floor() -> int:
    return RESULTS_FLOOR


@register.filter
def signed_change(change: float) -> str:
    """+0.3, −0.2 or 0.0, with the active language's decimal mark."""
    text = formats.number_format(abs(change), decimal_pos=1)
    return f"+{text}" if change > 0 else f"−{text}" if change < 0 else text
