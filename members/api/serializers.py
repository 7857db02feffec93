"""Cities as partners read them.

A list page is read with `.values()` and turned into plain dicts here (a ModelSerializer over model instances
costs several times more per row); the Serializer classes below describe the same shape for the OpenAPI schema,
and a test holds the two together.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from icp_portal.spreadsheets import formula_safe

from ..choices import CommunityType, CoordinatorRole, MembershipStatus, Network, Pathway
from ..geography import Continent, continent_of
from ..models import City, Coordinator, NetworkAffiliation

CITY_FIELDS = (
    "id",
    "slug",
    "name",
    "member_number",
    "member_since",
    "status",
    "pathway",
    "community_type",
    "country",
    "region",
    "population",
    "population_year",
    "latitude",
    "longitude",
    "website",
    "updated_at",
)
CITY_DETAIL_FIELDS = (*CITY_FIELDS, "peace_statement", "contact_email")


def _count_of(relation: str, **conditions) -> Coalesce:
    # A correlated subquery per row, on the foreign key's index: no GROUP BY over the whole join.
    counted = (
        City.related_rows(relation)
        .filter(city=OuterRef("pk"), **conditions)
        .order_by()
        .values("city")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def city_rows(cities: QuerySet[City], fields: tuple[str, ...] = CITY_FIELDS) -> QuerySet:
    """The cities as dicts of their columns, with their counts of public proclamations and of initiatives."""
    return cities.values(*fields).annotate(
        proclamation_count=_count_of("proclamations", is_public=True),
        initiative_count=_count_of("initiatives"),
    )


def networks_of(city_ids: list[int]) -> dict[int, list[dict]]:
    """The network affiliations of these cities, in one query."""
    found: dict[int, list[dict]] = defaultdict(list)
    if not city_ids:
        return found
    labels = dict(Network.choices)
    affiliations = NetworkAffiliation.objects.filter(city_id__in=city_ids).order_by("network", "identifier")
    for city_id, network, identifier, since in affiliations.values_list("city_id", "network", "identifier", "since"):
        found[city_id].append(
            {"network": network, "name": str(labels[network]), "identifier": identifier, "since": since}
        )
    return found


@lru_cache(maxsize=2048)
def country_name(code: str, language: str | None) -> str:
    # django-countries translates its whole list on each lookup: the names of a language never change.
    return str(countries.name(code))


class CityRepresentation:
    """Turns rows of `city_rows` into what partners read, with the links of this request's host."""

    def __init__(self, request) -> None:
        self.api_base, self.web_base = self.bases(request)
        self.continent_names = {code: str(label) for code, label in Continent.choices}

    @staticmethod
    def bases(request) -> tuple[str, str]:
        """Where a city's API record and its page are, on this request's host, but for the slug."""
        return request.build_absolute_uri("/api/v1/cities/"), request.build_absolute_uri("/cities/")

    def country(self, code: str) -> dict:
        return {"code": code, "name": country_name(code, get_language())}

    def continent(self, country_code: str) -> dict | None:
        code = continent_of(country_code)
        return {"code": code, "name": self.continent_names[code]} if code else None

    def city(self, row: dict, networks: list[dict]) -> dict:
        return {
            "slug": row["slug"],
            "name": row["name"],
            "member_number": row["member_number"],
            "member_since": row["member_since"],
            "status": row["status"],
            "pathway": row["pathway"],
            "community_type": row["community_type"],
            "country": self.country(row["country"]),
            "continent": self.continent(row["country"]),
            "region": row["region"],
            "population": row["population"],
            "population_year": row["population_year"],
            "latitude": _float(row["latitude"]),
            "longitude": _float(row["longitude"]),
            "website": row["website"],
            "proclamation_count": row["proclamation_count"],
            "initiative_count": row["initiative_count"],
            "networks": networks,
            "updated_at": row["updated_at"],
            "url": f"{self.api_base}{row['slug']}/",
            "web_url": f"{self.web_base}{row['slug']}/",
        }

    def cities(self, rows: list[dict]) -> list[dict]:
        networks = networks_of([row["id"] for row in rows])
        return [self.city(row, networks.get(row["id"], [])) for row in rows]

    def city_detail(self, row: dict) -> dict:
        city = self.city(row, networks_of([row["id"]]).get(row["id"], []))
        # Only coordinators who agreed to be shown; the others' names and e-mails never leave the portal.
        consenting = Coordinator.objects.shown_publicly().filter(city_id=row["id"]).order_by("role", "created_at")
        city["peace_statement"] = row["peace_statement"]
        city["contact_email"] = row["contact_email"]
        city["coordinators"] = [
            {"name": name, "email": email, "role": role}
            for name, email, role in consenting.values_list("user__full_name", "user__email", "role")
        ]
        city["proclamations_url"] = f"{self.api_base.removesuffix('cities/')}proclamations/?city={row['slug']}"
        city["initiatives_url"] = f"{self.api_base.removesuffix('cities/')}initiatives/?city={row['slug']}"
        return city

    def feature(self, row: dict) -> dict:
        """An RFC 7946 Feature: a Point at [longitude, latitude], or no geometry where the place is unknown."""
        has_place = row["latitude"] is not None and row["longitude"] is not None
        return {
            "type": "Feature",
            "id": row["slug"],
            "geometry": {"type": "Point", "coordinates": [_float(row["longitude"]), _float(row["latitude"])]}
            if has_place
            else None,
            "properties": {
                "slug": row["slug"],
                "name": row["name"],
                "member_number": row["member_number"],
                "member_since": row["member_since"],
                "status": row["status"],
                "community_type": row["community_type"],
                "country": row["country"],
                "country_name": self.country(row["country"])["name"],
                "continent": continent_of(row["country"]),
                "region": row["region"],
                "population": row["population"],
                "proclamation_count": row["proclamation_count"],
                "initiative_count": row["initiative_count"],
                "updated_at": row["updated_at"],
                "url": f"{self.api_base}{row['slug']}/",
                "web_url": f"{self.web_base}{row['slug']}/",
            },
        }

    def csv_lines(
        self, rows: Iterable[dict], networks: dict[int, list[dict]] | None = None, *, header: bool = True
    ) -> Iterator[str]:
        """CSV, with a header line unless told; cells a spreadsheet would run as a formula are quoted with a '."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if header:
            writer.writerow(CSV_COLUMNS)
        for row in rows:
            city_networks = (networks or {}).get(row["id"], [])
            writer.writerow(
                [
                    row["slug"],
                    formula_safe(row["name"]),
                    row["member_number"],
                    row["member_since"],
                    row["status"],
                    row["pathway"],
                    row["community_type"],
                    row["country"],
                    formula_safe(self.country(row["country"])["name"]),
                    continent_of(row["country"]) or "",
                    formula_safe(row["region"]),
                    _blank(row["population"]),
                    _blank(row["population_year"]),
                    _blank(row["latitude"]),
                    _blank(row["longitude"]),
                    formula_safe(row["website"]),
                    row["proclamation_count"],
                    row["initiative_count"],
                    ";".join(f"{n['network']}:{formula_safe(n['identifier'])}" for n in city_networks),
                    row["updated_at"].isoformat(),
                    f"{self.api_base}{row['slug']}/",
                    f"{self.web_base}{row['slug']}/",
                ]
            )
            if buffer.tell() > 32_768:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()


CSV_COLUMNS = [
    "slug",
    "name",
    "member_number",
    "member_since",
    "status",
    "pathway",
    "community_type",
    "country",
    "country_name",
    "continent",
    "region",
    "population",
    "population_year",
    "latitude",
    "longitude",
    "website",
    "proclamation_count",
    "initiative_count",
    "networks",
    "updated_at",
    "url",
    "web_url",
]


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _blank(value) -> str:
    return "" if value is None else str(value)


# The schema of the same shapes ------------------------------------------------------------------------------


class CodeAndNameSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("ISO code"))
    name = serializers.CharField()


class NetworkAffiliationSerializer(serializers.Serializer):
    network = serializers.ChoiceField(choices=Network.choices)
    name = serializers.CharField(help_text=_("Name of the network"))
    identifier = serializers.CharField(help_text=_("The city's id in that network; empty where unknown."))
    since = serializers.DateField(allow_null=True)


class CitySerializer(serializers.Serializer):
    slug = serializers.SlugField(help_text=_("Stable identifier of the city in this API and on the portal."))
    name = serializers.CharField()
    member_number = serializers.IntegerField(help_text=_("Running number: the 392nd City of Peace has 392."))
    member_since = serializers.DateField()
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    pathway = serializers.ChoiceField(choices=Pathway.choices, help_text=_("How it became a City of Peace."))
    community_type = serializers.ChoiceField(choices=CommunityType.choices)
    country = CodeAndNameSerializer(help_text=_("ISO 3166-1 alpha-2 code and English name."))
    continent = CodeAndNameSerializer(allow_null=True)
    region = serializers.CharField(help_text=_("State, province or region; empty where none applies."))
    population = serializers.IntegerField(allow_null=True)
    population_year = serializers.IntegerField(allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    website = serializers.CharField(help_text=_("Web address, or empty."))
    proclamation_count = serializers.IntegerField(help_text=_("Public proclamations."))
    initiative_count = serializers.IntegerField()
    networks = NetworkAffiliationSerializer(many=True)
    updated_at = serializers.DateTimeField()
    url = serializers.URLField(help_text=_("This city in the API."))
    web_url = serializers.URLField(help_text=_("The city's public page."))


class PublicCoordinatorSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=CoordinatorRole.choices)


class CityDetailSerializer(CitySerializer):
    peace_statement = serializers.CharField()
    contact_email = serializers.CharField(help_text=_("The city's public contact address, or empty."))
    coordinators = PublicCoordinatorSerializer(
        many=True, help_text=_("Only coordinators who agreed to show their contact publicly.")
    )
    proclamations_url = serializers.URLField()
    initiatives_url = serializers.URLField()


class PointSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("Point", "Point")])
    coordinates = serializers.ListField(
        child=serializers.FloatField(), min_length=2, max_length=2, help_text=_("[longitude, latitude]")
    )


class CityFeaturePropertiesSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    member_number = serializers.IntegerField()
    member_since = serializers.DateField()
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    community_type = serializers.ChoiceField(choices=CommunityType.choices)
    country = serializers.CharField()
    country_name = serializers.CharField()
    continent = serializers.CharField(allow_null=True)
    region = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    proclamation_count = serializers.IntegerField()
    initiative_count = serializers.IntegerField()
    updated_at = serializers.DateTimeField()
    url = serializers.URLField()
    web_url = serializers.URLField()


class CityFeatureSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("Feature", "Feature")])
    id = serializers.SlugField()
    geometry = PointSerializer(allow_null=True)
    properties = CityFeaturePropertiesSerializer()


@extend_schema_serializer(many=False)
class CityFeatureCollectionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("FeatureCollection", "FeatureCollection")])
    features = CityFeatureSerializer(many=True)
    count = serializers.IntegerField(required=False, help_text=_("Only on a page (page or page_size given)."))
    next = serializers.URLField(required=False, allow_null=True)
    previous = serializers.URLField(required=False, allow_null=True)


class CityBriefSerializer(serializers.Serializer):
    __doc__ = _("A city nested in a proclamation or an initiative.")

    slug = serializers.SlugField()
    name = serializers.CharField()
    country = serializers.CharField(help_text=_("ISO 3166-1 alpha-2 code."))
    url = serializers.SerializerMethodField(help_text=_("The city in the API."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, city: City) -> str:
        return self.context["request"].build_absolute_uri(f"/api/v1/cities/{city.slug}/")
