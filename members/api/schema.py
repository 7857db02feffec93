"""What the OpenAPI description of `/api/v1/cities/` says that code cannot: the formats, the slug, examples.
Filters are described by `CityFilterSet`, pages by the paginator."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema_view

from icp_portal.api.schema import answer, example_of, list_schema, record_schema

from .serializers import CityDetailSerializer, CityFeatureCollectionSerializer, CitySerializer

# Shown beside the descriptions the FilterSet gives its filters.
FILTER_EXAMPLES = [
    example_of("country", _("Germany"), "DE"),
    example_of("continent", _("Africa"), "AF"),
    example_of("community_type", _("Villages"), "village"),
    example_of("status", _("Active members"), "active"),
    example_of("network", "Mayors for Peace", "mayors_for_peace"),
    example_of("search", _("Name"), "hiroshima"),
    example_of("member_since_after", _("Joined from 2020"), "2020-01-01"),
    example_of("member_since_before", _("Joined by 2015"), "2015-12-31"),
    example_of("ordering", _("Newest members first"), "-member_since"),
]

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
# How a proclamation or an initiative names its city (the brief city of their serializers).
CITY_BRIEF_EXAMPLE = {key: CITY_EXAMPLE[key] for key in ("slug", "name")} | {
    "country": "JP",
    "url": CITY_EXAMPLE["url"],
}
CITY_DETAIL_EXAMPLE = {
    **CITY_EXAMPLE,
    "peace_statement": "The first city to suffer an atomic bombing works for a world without nuclear weapons.",
    "contact_email": "peace@city.hiroshima.lg.jp",
    "coordinators": [{"name": "Aiko Tanaka", "email": "aiko@example.org", "role": "lead_liaison"}],
    "proclamations_url": "https://portal.citiesofpeace.org/api/v1/proclamations/?city=hiroshima",
    "initiatives_url": "https://portal.citiesofpeace.org/api/v1/initiatives/?city=hiroshima",
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
CSV_EXAMPLE = "slug,name,member_number,member_since,...\r\nhiroshima,Hiroshima,392,2021-09-21,...\r\n"

CITY_SCHEMA = extend_schema_view(
    list=list_schema(
        summary=_("Member cities"),
        description=_(
            "Every member city, filtered and ordered as asked, one page at a time (or all at once as GeoJSON "
            "or CSV). Answers carry an ETag: send it back as If-None-Match to get a 304 when nothing changed."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "geojson", "csv"],
                description=_(
                    "json (the default): pages of cities. geojson: an RFC 7946 FeatureCollection, "
                    "coordinates [longitude, latitude]. csv: one line per city. Without page or page_size, geojson and "
                    "csv stream every city that matches in one answer; with them, one page."
                ),
                examples=[OpenApiExample(_("Map layer of all cities"), value="geojson")],
            ),
        ],
        examples=FILTER_EXAMPLES,
        responses={
            **answer(CitySerializer(many=True), _("A page of cities."), _("A page"), CITY_EXAMPLE),
            **answer(
                CityFeatureCollectionSerializer,
                _("The cities as an RFC 7946 FeatureCollection."),
                _("A map layer"),
                FEATURE_EXAMPLE,
                media_type="application/geo+json",
            ),
            **answer(
                OpenApiTypes.STR,
                _("The cities as CSV, one line each, with a header line."),
                "CSV",
                CSV_EXAMPLE,
                media_type="text/csv",
            ),
        },
    ),
    retrieve=record_schema(
        summary=_("One member city"),
        description=_("A city by its slug, with its peace statement and the contacts its coordinators agreed to show."),
        parameters=[
            OpenApiParameter(
                "slug",
                str,
                OpenApiParameter.PATH,
                description=_("The city's slug, as in its `url`."),
                examples=[OpenApiExample("Hiroshima", value="hiroshima")],
            ),
            OpenApiParameter(
                "format",
                str,
                enum=["json"],
                description=_("Only json for one city."),
                examples=[OpenApiExample("JSON", value="json")],
            ),
        ],
        responses=answer(CityDetailSerializer, _("The city."), _("A city"), CITY_DETAIL_EXAMPLE),
    ),
)
