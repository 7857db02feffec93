"""What the OpenAPI description of `/api/v1/initiatives/` says that code cannot: the slug and examples. Filters
are described by `InitiativeFilterSet`, pages by the paginator."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema_view

from icp_portal.api.schema import answer, example_of, list_schema, record_schema
from members.api.schema import CITY_BRIEF_EXAMPLE

from .serializers import InitiativeSerializer

# Shown beside the descriptions the FilterSet gives its filters.
FILTER_EXAMPLES = [
    example_of("city", "Hiroshima", "hiroshima"),
    example_of("country", _("Kenya"), "KE"),
    example_of("category", _("Youth"), "youth"),
    example_of("status", _("Active"), "active"),
    example_of("search", _("Mediation"), "mediation"),
]

INITIATIVE_EXAMPLE = {
    "slug": "youth-peace-circles-hiroshima",
    "city": CITY_BRIEF_EXAMPLE,
    "title": "Youth peace circles",
    "category": "youth",
    "status": "active",
    "description": "Weekly circles where teenagers learn mediation from trained volunteers.",
    "start_date": "2019-03-01",
    "end_date": None,
    "participants": 120,
    "partner_organisations": ["Hiroshima Peace Culture Foundation"],
    "partner_cities": [
        {
            "slug": "nagasaki",
            "name": "Nagasaki",
            "country": "JP",
            "url": "https://portal.citiesofpeace.org/api/v1/cities/nagasaki/",
        }
    ],
    "link": "https://example.org/peace-circles",
    "web_url": "https://portal.citiesofpeace.org/initiatives/youth-peace-circles-hiroshima/",
    "updated_at": "2026-02-01T10:00:00Z",
}

INITIATIVE_SCHEMA = extend_schema_view(
    list=list_schema(
        summary=_("Peace initiatives"),
        description=_("Peace initiatives of member cities: youth programmes, dialogues, peace gardens, mediation..."),
        examples=FILTER_EXAMPLES,
        responses=answer(InitiativeSerializer(many=True), _("A page of initiatives."), _("A page"), INITIATIVE_EXAMPLE),
    ),
    retrieve=record_schema(
        summary=_("One peace initiative"),
        parameters=[
            OpenApiParameter(
                "slug",
                str,
                OpenApiParameter.PATH,
                description=_("Its slug."),
                examples=[OpenApiExample(_("Youth peace circles"), value="youth-peace-circles-hiroshima")],
            )
        ],
        responses=answer(InitiativeSerializer, _("The initiative."), _("An initiative"), INITIATIVE_EXAMPLE),
    ),
)
