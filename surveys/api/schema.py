"""What the OpenAPI description of `/api/v1/surveys/` says that code cannot: the floor, the CSV, examples. Filters
are described by `SurveyFilterSet`, pages by the paginator."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema_view

from icp_portal.api.schema import answer, example_of, list_schema, record_schema
from members.api.schema import CITY_BRIEF_EXAMPLE

from ..querysets import RESULTS_FLOOR
from .serializers import SurveyResultsSerializer, csv_columns

FILTER_EXAMPLES = [
    example_of("year", _("The 2026 surveys"), 2026),
    example_of("city", "Hiroshima", "hiroshima"),
    example_of("country", _("Japan"), "JP"),
]

SURVEY_EXAMPLE = {
    "id": 42,
    "city": CITY_BRIEF_EXAMPLE,
    "year": 2026,
    "question_set_version": "2026-1",
    "answers": 143,
    "previous_year": 2025,
    "questions": [
        {
            "key": "feel_safe",
            "label": "Feeling safe",
            "counts": {"1": 4, "2": 11, "3": 30, "4": 61, "5": 35},
            "answered": 141,
            "mean": 3.8,
            "change": 0.21,
        }
    ],
    "updated_at": "2026-05-01T10:00:00Z",
}
CSV_EXAMPLE = ",".join(csv_columns()) + "\r\n"

SURVEY_SCHEMA = extend_schema_view(
    list=list_schema(
        summary=_("Community survey results"),
        description=format_lazy(
            _(
                "Each member city may ask its community the same short yearly survey (feeling safe, trust between "
                "groups, knowing where to turn in a conflict, taking part in community life; 1 strongly disagree to "
                "5 strongly agree). Results are published only in aggregate and only from {floor} answers on: "
                "surveys with fewer answers are not listed, and individual answers never are. `change` compares each "
                "mean with the city's previous survey that has results. `?format=csv` gives one line per survey (all "
                "of them at once unless `page` or `page_size` is given), with each question's mean, change and counts."
            ),
            floor=RESULTS_FLOOR,
        ),
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv"],
                description=_(
                    "json (the default): pages of survey results. csv: one line per survey; without page or "
                    "page_size, every survey that matches in one answer; with them, one page."
                ),
                examples=[OpenApiExample(_("A spreadsheet of every survey"), value="csv")],
            ),
        ],
        examples=FILTER_EXAMPLES,
        responses={
            **answer(SurveyResultsSerializer(many=True), _("A page of survey results."), _("A page"), SURVEY_EXAMPLE),
            **answer(
                OpenApiTypes.STR,
                _("Survey results as CSV, one line each, with a header line."),
                "CSV",
                CSV_EXAMPLE,
                media_type="text/csv",
            ),
        },
    ),
    retrieve=record_schema(
        summary=_("One survey's results"),
        parameters=[
            OpenApiParameter(
                "id",
                int,
                OpenApiParameter.PATH,
                description=_("The survey's id, as the list gives it."),
                examples=[OpenApiExample(_("A survey"), value=42)],
            )
        ],
        responses=answer(SurveyResultsSerializer, _("The survey's results."), _("A survey"), SURVEY_EXAMPLE),
    ),
)
