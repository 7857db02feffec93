"""What the OpenAPI description of `/api/v1/proclamations/` says that code cannot: the id and examples. Filters
are described by `ProclamationFilterSet`, pages by the paginator."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema_view

from icp_portal.api.schema import answer, example_of, list_schema, record_schema
from members.api.schema import CITY_BRIEF_EXAMPLE

from .serializers import ProclamationSerializer

# Shown beside the descriptions the FilterSet gives its filters.
FILTER_EXAMPLES = [
    example_of("city", "Hiroshima", "hiroshima"),
    example_of("country", _("Japan"), "JP"),
    example_of("kind", _("Council resolutions"), "council_resolution"),
    example_of("adopted_after", _("From 2020"), "2020-01-01"),
    example_of("adopted_before", _("Until 2015"), "2015-12-31"),
]

PROCLAMATION_EXAMPLE = {
    "id": 42,
    "city": CITY_BRIEF_EXAMPLE,
    "kind": "mayoral_proclamation",
    "title": "Proclamation of Hiroshima as a City of Peace",
    "issuing_body": "Office of the Mayor",
    "adopted_on": "2021-09-21",
    "summary": "The mayor proclaims the city a City of Peace on the International Day of Peace.",
    "text": "",
    "language": "ja",
    "document_url": "https://portal.citiesofpeace.org/documents/proclamations/2021/5f1c0e9a7b3d4c2a9e8f6d1b0a3c5e7f/hiroshima.pdf",
    "updated_at": "2026-02-01T10:00:00Z",
}

PROCLAMATION_SCHEMA = extend_schema_view(
    list=list_schema(
        summary=_("Public proclamations"),
        description=_(
            "Proclamations, resolutions and designations that made communities Cities of Peace. Only public "
            "ones are listed."
        ),
        examples=FILTER_EXAMPLES,
        responses=answer(
            ProclamationSerializer(many=True), _("A page of proclamations."), _("A page"), PROCLAMATION_EXAMPLE
        ),
    ),
    retrieve=record_schema(
        summary=_("One public proclamation"),
        parameters=[
            OpenApiParameter(
                "id", int, OpenApiParameter.PATH, description=_("Its id."), examples=[OpenApiExample("42", value=42)]
            )
        ],
        responses=answer(ProclamationSerializer, _("The proclamation."), _("A proclamation"), PROCLAMATION_EXAMPLE),
    ),
)
