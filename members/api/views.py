"""Cities for partners: `/api/v1/cities/` (JSON, GeoJSON, CSV) and `/api/v1/cities/<slug>/`."""

from collections.abc import Iterator
from itertools import islice

import orjson
from django.http import StreamingHttpResponse
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from icp_portal.api.page_cache import cached_page
from icp_portal.api.renderers import CSVRenderer, GeoJSONRenderer, ORJSONRenderer
from icp_portal.api.schema import ERROR_RESPONSES, NOT_MODIFIED_RESPONSE, SYNC_SCHEMA_PARAMETERS
from icp_portal.api.viewsets import PartnerViewSet

from ..choices import CommunityType, MembershipStatus, Network
from ..filtersets import CITY_ORDERINGS, CityFilterSet
from ..geography import Continent
from ..models import City
from ..selectors import cities_version
from .serializers import (
    CITY_DETAIL_FIELDS,
    CityDetailSerializer,
    CityFeatureCollectionSerializer,
    CityRepresentation,
    CitySerializer,
    city_rows,
    networks_of,
)

STREAM_CHUNK = 1000
PAGE_PARAMETERS = ("page", "page_size", "updated_since")

CITY_EXAMPLE = {
    "slug": "hiroshima",
    "name": "Hiroshima",
    "member_number": 392,
    "member_since": "2021-09-21",
    "status": "active",
    "pathway": "proclamation",
    "community_type": "city",
    "country": {"code": "JP", "name": "Japan"},
    "continent": {"code": "AS", "name": "Asia"},
    "region": "Hiroshima",
    "population": 1199391,
    "population_year": 2020,
    "latitude": 34.385203,
    "longitude": 132.455293,
    "website": "https://www.city.hiroshima.lg.jp/",
    "proclamation_count": 1,
    "initiative_count": 3,
    "networks": [
        {"network": "mayors_for_peace", "name": "Mayors for Peace", "identifier": "JP-0001", "since": "1982-06-24"}
    ],
    "updated_at": "2026-02-01T10:00:00Z",
    "url": "https://portal.citiesofpeace.org/api/v1/cities/hiroshima/",
    "web_url": "https://portal.citiesofpeace.org/cities/hiroshima/",
}
FEATURE_EXAMPLE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "hiroshima",
            "geometry": {"type": "Point", "coordinates": [132.455293, 34.385203]},
            "properties": {
                "slug": "hiroshima",
                "name": "Hiroshima",
                "member_number": 392,
                "member_since": "2021-09-21",
                "status": "active",
                "community_type": "city",
                "country": "JP",
                "country_name": "Japan",
                "continent": "AS",
                "region": "Hiroshima",
                "population": 1199391,
                "proclamation_count": 1,
                "initiative_count": 3,
                "updated_at": "2026-02-01T10:00:00Z",
                "url": "https://portal.citiesofpeace.org/api/v1/cities/hiroshima/",
                "web_url": "https://portal.citiesofpeace.org/cities/hiroshima/",
            },
        }
    ],
}

CITY_LIST_PARAMETERS = [
    OpenApiParameter(
        "format",
        str,
        enum=["json", "geojson", "csv"],
        description="json (the default): pages of cities. geojson: an RFC 7946 FeatureCollection, coordinates "
        "[longitude, latitude]. csv: one line per city. Without page or page_size, geojson and csv stream "
        "every city that matches in one answer; with them, one page.",
        examples=[OpenApiExample("Map layer of all cities", value="geojson")],
    ),
    OpenApiParameter(
        "country",
        str,
        description="ISO 3166-1 alpha-2 country code. An unknown code is a 400.",
        examples=[OpenApiExample("Germany", value="DE")],
    ),
    OpenApiParameter(
        "continent",
        str,
        enum=Continent.values,
        description="Continent code: " + ", ".join(f"{code} {label}" for code, label in Continent.choices) + ".",
        examples=[OpenApiExample("Africa", value="AF")],
    ),
    OpenApiParameter(
        "community_type",
        str,
        enum=CommunityType.values,
        description="Kind of community.",
        examples=[OpenApiExample("Villages", value="village")],
    ),
    OpenApiParameter(
        "status",
        str,
        enum=MembershipStatus.values,
        description="Membership status. All statuses by default, so a sync also hears of cities that withdrew.",
        examples=[OpenApiExample("Active members", value="active")],
    ),
    OpenApiParameter(
        "network",
        str,
        enum=Network.values,
        description="Only cities that also belong to this network.",
        examples=[OpenApiExample("Mayors for Peace", value="mayors_for_peace")],
    ),
    OpenApiParameter(
        "search",
        str,
        description="Words that must all appear in the city's name, region or slug, or in its country's name in "
        "English or the language of Accept-Language (case-insensitive).",
        examples=[OpenApiExample("Name", value="hiroshima")],
    ),
    OpenApiParameter(
        "member_since_after",
        OpenApiTypes.DATE,
        description="Members since this day or later (YYYY-MM-DD).",
        examples=[OpenApiExample("Joined from 2020", value="2020-01-01")],
    ),
    OpenApiParameter(
        "member_since_before",
        OpenApiTypes.DATE,
        description="Members since this day or earlier (YYYY-MM-DD).",
        examples=[OpenApiExample("Joined by 2015", value="2015-12-31")],
    ),
    OpenApiParameter(
        "ordering",
        str,
        enum=list(CITY_ORDERINGS),
        description="Order of the rows; member_number by default. A leading - reverses it.",
        examples=[OpenApiExample("Newest members first", value="-member_since")],
    ),
    OpenApiParameter(
        "page",
        int,
        description="Page number, from 1.",
        examples=[OpenApiExample("Second page", value=2)],
    ),
    OpenApiParameter(
        "page_size",
        int,
        description="Rows per page: 50 unless given, at most 100 (larger asks get 100).",
        examples=[OpenApiExample("A hundred", value=100)],
    ),
    *SYNC_SCHEMA_PARAMETERS,
]


@extend_schema_view(
    list=extend_schema(
        summary="Member cities",
        description="Every member city, filtered and ordered as asked, one page at a time (or all at once as GeoJSON "
        "or CSV). Answers carry an ETag: send it back as If-None-Match to get a 304 when nothing changed.",
        parameters=CITY_LIST_PARAMETERS,
        responses={
            (200, "application/json"): OpenApiResponse(
                CitySerializer(many=True),
                description="A page of cities.",
                examples=[
                    OpenApiExample(
                        "A page",
                        value=CITY_EXAMPLE,
                    )
                ],
            ),
            (200, "application/geo+json"): OpenApiResponse(
                CityFeatureCollectionSerializer,
                description="The cities as an RFC 7946 FeatureCollection.",
                examples=[OpenApiExample("A map layer", value=FEATURE_EXAMPLE)],
            ),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="The cities as CSV, one line each, with a header line.",
                examples=[
                    OpenApiExample(
                        "CSV",
                        value="slug,name,member_number,member_since,...\r\nhiroshima,Hiroshima,392,2021-09-21,...\r\n",
                    )
                ],
            ),
            **NOT_MODIFIED_RESPONSE,
            **ERROR_RESPONSES,
        },
    ),
    retrieve=extend_schema(
        summary="One member city",
        description="A city by its slug, with its peace statement and the contacts its coordinators agreed to show.",
        parameters=[
            OpenApiParameter(
                "slug",
                str,
                OpenApiParameter.PATH,
                description="The city's slug, as in its `url`.",
                examples=[OpenApiExample("Hiroshima", value="hiroshima")],
            ),
            OpenApiParameter(
                "format",
                str,
                enum=["json"],
                description="Only json for one city.",
                examples=[OpenApiExample("JSON", value="json")],
            ),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                CityDetailSerializer,
                description="The city.",
                examples=[
                    OpenApiExample(
                        "A city",
                        value={
                            **CITY_EXAMPLE,
                            "peace_statement": "The first city to suffer an atomic bombing works for a world "
                            "without nuclear weapons.",
                            "contact_email": "peace@city.hiroshima.lg.jp",
                            "coordinators": [
                                {"name": "Aiko Tanaka", "email": "aiko@example.org", "role": "lead_liaison"}
                            ],
                            "proclamations_url": "https://portal.citiesofpeace.org/api/v1/proclamations/?city=hiroshima",
                            "initiatives_url": "https://portal.citiesofpeace.org/api/v1/initiatives/?city=hiroshima",
                        },
                    )
                ],
            ),
            **NOT_MODIFIED_RESPONSE,
            **ERROR_RESPONSES,
        },
    ),
)
class CityViewSet(PartnerViewSet):
    """Member cities. Read through `.values()` and plain dicts, not model instances: see `serializers.py`."""

    queryset = City.objects.order_by("member_number")
    serializer_class = CitySerializer
    filterset_class = CityFilterSet
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    renderer_classes = [ORJSONRenderer, GeoJSONRenderer, CSVRenderer]

    def filter_queryset(self, queryset):
        # Building a FilterSet costs milliseconds (it deep-copies every filter with its choices): skip it for the
        # plain listing that partners and maps ask for most.
        if not any(name in self.request.query_params for name in CityFilterSet.base_filters):
            return queryset
        return super().filter_queryset(queryset)

    def get_renderers(self):
        if self.action == "retrieve":
            return [ORJSONRenderer()]
        return super().get_renderers()

    def list(self, request, *args, **kwargs):
        output = request.accepted_renderer.format
        if output != "json" and not any(name in request.query_params for name in PAGE_PARAMETERS):
            return self._stream(city_rows(self.filter_queryset(self.get_queryset())), output)
        if "updated_since" in request.query_params:
            return self._page(request, output)  # a sync's window moves with the clock: never from the cache
        return cached_page(self, request, cities_version(), build=lambda: self._page(request, output))

    def _page(self, request, output: str) -> Response:
        cities = self.filter_queryset(self.get_queryset())
        representation = CityRepresentation(request)
        rows = self.paginate_queryset(city_rows(cities))
        headers = {**self.paginator.headers(), **_last_modified(rows)}
        if output == "geojson":
            features = [representation.feature(row) for row in rows]
            body = {"type": "FeatureCollection", "features": features, **self.paginator.page_links()}
            return Response(body, headers=headers)
        if output == "csv":
            networks = networks_of([row["id"] for row in rows])
            return Response("".join(representation.csv_lines(rows, networks)), headers=headers)
        return Response({**self.paginator.page_links(), "results": representation.cities(rows)}, headers=headers)

    def retrieve(self, request, *args, slug: str = "", **kwargs):
        row = city_rows(City.objects.filter(slug=slug), CITY_DETAIL_FIELDS).first()
        if row is None:
            raise NotFound(f"No member city has the slug {slug!r}.")
        return Response(CityRepresentation(request).city_detail(row), headers=_last_modified([row]))

    def _stream(self, rows, output: str) -> StreamingHttpResponse:
        # All cities in one answer with flat memory: rows arrive in chunks from a server-side cursor.
        representation = CityRepresentation(self.request)
        chunks = _chunked(rows.iterator(chunk_size=STREAM_CHUNK), STREAM_CHUNK)
        if output == "geojson":
            response = StreamingHttpResponse(
                _geojson_stream(chunks, representation), content_type="application/geo+json"
            )
        else:
            response = StreamingHttpResponse(
                _csv_stream(chunks, representation), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = 'attachment; filename="cities-of-peace.csv"'
        return response


def _chunked(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _geojson_stream(chunks: Iterator[list[dict]], representation: CityRepresentation) -> Iterator[bytes]:
    yield b'{"type":"FeatureCollection","features":['
    separator = b""
    for chunk in chunks:
        yield separator + b",".join(orjson.dumps(representation.feature(row)) for row in chunk)
        separator = b","
    yield b"]}"


def _csv_stream(chunks: Iterator[list[dict]], representation: CityRepresentation) -> Iterator[bytes]:
    yield from (text.encode("utf-8") for text in representation.csv_lines([]))
    for chunk in chunks:
        networks = networks_of([row["id"] for row in chunk])
        yield from (text.encode("utf-8") for text in representation.csv_lines(chunk, networks, header=False))


def _last_modified(rows: list[dict]) -> dict:
    return {"Last-Modified": http_date(max(row["updated_at"] for row in rows).timestamp())} if rows else {}
