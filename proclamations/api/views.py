"""Public proclamations for partners: `/api/v1/proclamations/`."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from icp_portal.api import ERROR_RESPONSES, NOT_MODIFIED_RESPONSE, SYNC_SCHEMA_PARAMETERS, PartnerAnswersMixin

from ..choices import ProclamationKind
from ..filtersets import ProclamationFilterSet
from ..models import Proclamation
from .serializers import ProclamationSerializer

PROCLAMATION_EXAMPLE = {
    "id": 42,
    "city": {
        "slug": "hiroshima",
        "name": "Hiroshima",
        "country": "JP",
        "url": "https://portal.citiesofpeace.org/api/v1/cities/hiroshima/",
    },
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


@extend_schema_view(
    list=extend_schema(
        summary="Public proclamations",
        description="Proclamations, resolutions and designations that made communities Cities of Peace. Only public "
        "ones are listed.",
        parameters=[
            OpenApiParameter(
                "city", str, description="Slug of the city.", examples=[OpenApiExample("Hiroshima", value="hiroshima")]
            ),
            OpenApiParameter(
                "country", str, description="ISO 3166-1 alpha-2 code.", examples=[OpenApiExample("Japan", value="JP")]
            ),
            OpenApiParameter(
                "kind",
                str,
                enum=ProclamationKind.values,
                description="Kind of act.",
                examples=[OpenApiExample("Council resolutions", value="council_resolution")],
            ),
            OpenApiParameter(
                "adopted_after",
                OpenApiTypes.DATE,
                description="Adopted on this day or later.",
                examples=[OpenApiExample("From 2020", value="2020-01-01")],
            ),
            OpenApiParameter(
                "adopted_before",
                OpenApiTypes.DATE,
                description="Adopted on this day or earlier.",
                examples=[OpenApiExample("Until 2015", value="2015-12-31")],
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
                ProclamationSerializer(many=True),
                description="A page of proclamations.",
                examples=[OpenApiExample("A page", value=PROCLAMATION_EXAMPLE)],
            ),
            **NOT_MODIFIED_RESPONSE,
            **ERROR_RESPONSES,
        },
    ),
    retrieve=extend_schema(
        summary="One public proclamation",
        parameters=[
            OpenApiParameter(
                "id", int, OpenApiParameter.PATH, description="Its id.", examples=[OpenApiExample("42", value=42)]
            )
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                ProclamationSerializer,
                description="The proclamation.",
                examples=[OpenApiExample("A proclamation", value=PROCLAMATION_EXAMPLE)],
            ),
            **NOT_MODIFIED_RESPONSE,
            **ERROR_RESPONSES,
        },
    ),
)
class ProclamationViewSet(PartnerAnswersMixin, viewsets.ReadOnlyModelViewSet):
    """Public proclamations only: the others never leave the portal."""

    queryset = Proclamation.objects.public().select_related("city").order_by("-adopted_on", "id")
    serializer_class = ProclamationSerializer
    filterset_class = ProclamationFilterSet
