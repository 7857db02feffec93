"""Open data for research partners through the API: `/api/v1/research/` the years with their files and the data
dictionary; `/api/v1/research/<year>/` that year's rows, as CSV (`?format=csv`) or JSON objects."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from icp_portal.api.renderers import CSVRenderer, ORJSONRenderer
from icp_portal.api.schema import ERROR_RESPONSES, NOT_MODIFIED_RESPONSE
from icp_portal.api.viewsets import PartnerAnswers

from ..research import (
    dictionary_csv,
    research_columns,
    research_csv,
    research_rows,
    research_year_exists,
    research_years,
)

YEARS_EXAMPLE = {
    "years": [
        {
            "year": 2026,
            "reports": 58,
            "survey_results": 21,
            "url": "https://portal.citiesofpeace.org/api/v1/research/2026/",
            "csv": "https://portal.citiesofpeace.org/api/v1/research/2026/?format=csv",
        }
    ],
    "dictionary": [{"column": "year", "type": "integer", "description": "The year the report and the survey are of."}],
}

RESEARCH_SCHEMA = extend_schema_view(
    list=extend_schema(
        summary=_("Open data for research: the years and the data dictionary"),
        description=_(
            "The years with published yearly reports or community survey results (from the answer floor on), "
            "each with the address of its file, and what every column of the files means. `?format=csv` gives the "
            "dictionary as CSV."
        ),
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, examples=[OpenApiExample(_("The years"), value=YEARS_EXAMPLE)]
            ),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=_("The data dictionary.")),
            **NOT_MODIFIED_RESPONSE,
            **ERROR_RESPONSES,
        },
    ),
    retrieve=extend_schema(
        summary=_("Open data for research: one year's rows"),
        description=_(
            "One row for each member city with a published report or survey results that year, in the "
            "dictionary's columns; JSON objects, or the CSV file with `?format=csv`."
        ),
        responses={
            (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=_("The year's file.")),
            **NOT_MODIFIED_RESPONSE,
            **ERROR_RESPONSES,
        },
    ),
)


@RESEARCH_SCHEMA
class ResearchViewSet(PartnerAnswers, viewsets.ViewSet):
    """Rows built from published reports and survey aggregates, not a model's: a plain viewset with the API's
    answers (JSON errors, ETags)."""

    renderer_classes = [ORJSONRenderer, CSVRenderer]
    lookup_field = "year"
    lookup_value_regex = "[0-9]{4}"

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "csv":
            return _csv(dictionary_csv(), "cities-of-peace-impact-data-dictionary.csv")
        base = request.build_absolute_uri("/api/v1/research/")
        years = [
            {**found, "url": f"{base}{found['year']}/", "csv": f"{base}{found['year']}/?format=csv"}
            for found in research_years()
        ]
        dictionary = [
            {"column": column.name, "type": column.kind, "description": str(column.description)}
            for column in research_columns()
        ]
        return Response({"years": years, "dictionary": dictionary})

    def retrieve(self, request, *args, year: str = "", **kwargs):
        if not research_year_exists(int(year)):
            raise Http404(f"No published report or survey results in {year}.")
        if request.accepted_renderer.format == "csv":
            return _csv(research_csv(int(year)), f"cities-of-peace-impact-{year}.csv")
        names = [column.name for column in research_columns()]
        rows = [dict(zip(names, row, strict=True)) for row in research_rows(int(year))]
        return Response({"year": int(year), "rows": rows})


def _csv(text: str, file_name: str) -> Response:
    return Response(text, headers={"Content-Disposition": f'attachment; filename="{file_name}"'})
