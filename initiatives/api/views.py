"""Peace initiatives for partners: `/api/v1/initiatives/`."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view

from icp_portal.api.schema import ERROR_RESPONSES, NOT_MODIFIED_RESPONSE, SYNC_SCHEMA_PARAMETERS
from icp_portal.api.viewsets import PartnerViewSet

from ..choices import InitiativeCategory, InitiativeStatus
from ..filtersets import InitiativeFilterSet
from ..models import Initiative
from .serializers import InitiativeSerializer

INITIATIVE_EXAMPLE = {
    "slug": "youth-peace-circles-hiroshima",
    "city": {
        "slug": "hiroshima",
        "name": "Hiroshima",
        "country": "JP",
        "url": "https://portal.citiesofpeace.org/api/v1/cities/hiroshima/",
    },
    "title": "Youth peace circles",
    "category": "youth",
    "status": "active",
    "description": "Weekly circles where teenagers learn mediation from trained volunteers.",
    "start_date": "2019-03-01",
    "end_date": None,
    "participants": 120,
    "partner_organisations": ["Hiroshima Peace Culture Foundation"],
    "link": "https://example.org/peace-circles",
    "web_url": "https://portal.citiesofpeace.org/initiatives/youth-peace-circles-hiroshima/",
    "updated_at": "2026-02-01T10:00:00Z",
}


@extend_schema_view(
    list=extend_schema(
        summary="Peace initiatives",
        description="Peace initiatives of member cities: youth programmes, dialogues, peace gardens, mediation...",
        parameters=[
            OpenApiParameter(
                "city", str, description="Slug of the city.", examples=[OpenApiExample("Hiroshima", value="hiroshima")]
            ),
            OpenApiParameter(
                "country", str, description="ISO 3166-1 alpha-2 code.", examples=[OpenApiExample("Kenya", value="KE")]
            ),
            OpenApiParameter(
                "category",
                str,
                enum=InitiativeCategory.values,
                description="Kind of initiative.",
                examples=[OpenApiExample("Youth", value="youth")],
            ),
            OpenApiParameter(
                "status",
                str,
                enum=InitiativeStatus.values,
                description="Planned, active or completed.",
                examples=[OpenApiExample("Active", value="active")],
            ),
            OpenApiParameter(
                "search",
                str,
                description="Words that must all appear in the title or description.",
                examples=[OpenApiExample("Mediation", value="mediation")],
            ),
            OpenApiParameter("page", int, description="Page number, from 1.", examples=[OpenApiExample("2", value=2)]),
            OpenApiParameter(
                "page_size",
                int,
                description="Rows per page: 50 unless given, at most 100.",
                examples=[OpenApiExample("100", value=100)],
            ),
            *SYNC_SCHEMA_PARAMETERS,
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                InitiativeSerializer(many=True),
                description="A page of initiatives.",
                examples=[OpenApiExample("A page", value=INITIATIVE_EXAMPLE)],
            ),
            **NOT_MODIFIED_RESPONSE,
            **ERROR_RESPONSES,
        },
    ),
    retrieve=extend_schema(
        summary="One peace initiative",
        parameters=[
            OpenApiParameter(
                "slug",
                str,
                OpenApiParameter.PATH,
                description="Its slug.",
                examples=[OpenApiExample("Youth peace circles", value="youth-peace-circles-hiroshima")],
            )
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                InitiativeSerializer,
                description="The initiative.",
                examples=[OpenApiExample("An initiative", value=INITIATIVE_EXAMPLE)],
            ),
            **NOT_MODIFIED_RESPONSE,
            **ERROR_RESPONSES,
        },
    ),
)
class InitiativeViewSet(PartnerViewSet):
    """Initiatives of every member city, whatever its status: a partner's copy follows the record."""

    queryset = Initiative.objects.select_related("city").order_by("-updated_at", "id")
    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilterSet
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
