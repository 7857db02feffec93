"""What the OpenAPI description of `/api/v1/reports/` says that code cannot: the format and examples. Filters are
described by `ReportFilterSet`, pages by the paginator."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema_view

from icp_portal.api.schema import answer, example_of, list_schema, record_schema
from members.api.schema import CITY_BRIEF_EXAMPLE

from .serializers import ReportSerializer

FILTER_EXAMPLES = [
    example_of("year", "2026", 2026),
    example_of("city", "Hiroshima", "hiroshima"),
    example_of("country", _("Kenya"), "KE"),
]

REPORT_EXAMPLE = {
    "id": 42,
    "city": CITY_BRIEF_EXAMPLE,
    "year": 2026,
    "activities": "Peace circles in six schools; the first interfaith festival in the old market.",
    "initiatives": ["youth-peace-circles-hiroshima"],
    "events_held": 24,
    "participants": 1800,
    "volunteers": 65,
    "partner_organisations": 12,
    "people_reached": 9000,
    "hours_volunteered": 2400,
    "indicators": [
        {"name": "School conflicts reported", "value": 31, "unit": "cases", "source": "School board", "year": 2026}
    ],
    "story": "A student who joined the circles in 2024 now leads them.",
    "plans": "Circles in every secondary school; a mediation desk at the town hall.",
    "photo_count": 2,
    "web_url": "https://portal.citiesofpeace.org/cities/hiroshima/reports/2026/",
    "published_at": "2026-11-02T09:30:00Z",
    "updated_at": "2026-11-02T09:30:00Z",
}
CSV_EXAMPLE = "id,city,city_name,country,year,events_held,...\r\n42,hiroshima,Hiroshima,JP,2026,24,...\r\n"

REPORT_SCHEMA = extend_schema_view(
    list=list_schema(
        summary=_("Yearly city reports"),
        description=_(
            "Published yearly reports of member cities: what each did, its standard figures, its own local "
            "indicators, its story and plans. Only reports ICP accepted are here."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv"],
                description=_(
                    "json (the default): pages of reports. csv: one line per report, indicators in one "
                    "column; without page or page_size every report that matches, in one answer."
                ),
                examples=[OpenApiExample(_("A spreadsheet"), value="csv")],
            ),
        ],
        examples=FILTER_EXAMPLES,
        responses={
            **answer(ReportSerializer(many=True), _("A page of reports."), _("A page"), REPORT_EXAMPLE),
            **answer(OpenApiTypes.STR, _("The reports as CSV, with a header line."), "CSV", CSV_EXAMPLE, "text/csv"),
        },
    ),
    retrieve=record_schema(
        summary=_("One yearly report"),
        parameters=[
            OpenApiParameter(
                "id",
                int,
                OpenApiParameter.PATH,
                description=_("Its id."),
                examples=[OpenApiExample(_("A report"), value=42)],
            )
        ],
        responses=answer(ReportSerializer, _("The report."), _("A report"), REPORT_EXAMPLE),
    ),
)
