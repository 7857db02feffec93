"""Cities as PostgreSQL writes them for a page of the partner API, byte for byte what `CityRepresentation` gives
(tests/icp_portal/test_api_prerendered.py compares both): see `icp_portal/api/prerendered.py`."""

from functools import lru_cache

import orjson
from django.utils.translation import get_language

from icp_portal.api.prerendered import (
    RowJSON,
    date,
    decimal_as_float,
    left_for_python,
    looked_up,
    number,
    object_of,
    table_of,
    text,
    timestamp,
)

from ..choices import Network
from ..geography import Continent, continent_of
from ..models import City, NetworkAffiliation
from .serializers import CityRepresentation, country_name


def city_json(request, output: str = "json") -> RowJSON:
    """How PostgreSQL writes a city: in a JSON page, or as a GeoJSON Feature."""
    language = get_language()
    api_base, web_base = CityRepresentation.bases(request)
    sql, params = _city_sql(output, language, api_base, web_base)
    country = _country_properties if output == "geojson" else _country_and_continent

    # Country names are django-countries' in the request's language: Python writes them in.
    return RowJSON(sql=sql, params=params, write_left=lambda code: country(code, language))


@lru_cache(maxsize=64)
def _city_sql(output: str, language: str | None, api_base: str, web_base: str) -> tuple[str, tuple]:
    # The same few texts on every request (a language, an output, the portal's host): built once each.
    url = ("to_json(%s || r.slug || '/')::text", [api_base])
    web_url = ("to_json(%s || r.slug || '/')::text", [web_base])
    sql, params = (_feature if output == "geojson" else _city)(language, url, web_url)
    return sql, tuple(params)


def _city(language: str | None, url, web_url) -> tuple[str, list]:
    return object_of(
        [
            ("slug", text("r.slug")),
            ("name", text("r.name")),
            ("member_number", number("r.member_number")),
            ("member_since", date("r.member_since")),
            ("status", text("r.status")),
            ("pathway", text("r.pathway")),
            ("community_type", text("r.community_type")),
            ("country", left_for_python("r.country")),  # then the continent: both written by Python
            ("region", text("r.region")),
            ("population", number("r.population")),
            ("population_year", number("r.population_year")),
            ("latitude", decimal_as_float("r.latitude")),
            ("longitude", decimal_as_float("r.longitude")),
            ("website", text("r.website")),
            ("proclamation_count", _PROCLAMATION_COUNT),
            ("initiative_count", _INITIATIVE_COUNT),
            ("networks", _networks(language)),
            ("updated_at", timestamp("r.updated_at", utc="+00:00")),
            ("url", url),
            ("web_url", web_url),
        ]
    )


def _feature(language: str | None, url, web_url) -> tuple[str, list]:
    properties = object_of(
        [
            ("slug", text("r.slug")),
            ("name", text("r.name")),
            ("member_number", number("r.member_number")),
            ("member_since", date("r.member_since")),
            ("status", text("r.status")),
            ("community_type", text("r.community_type")),
            ("country", left_for_python("r.country")),  # then its name and the continent's code, by Python
            ("region", text("r.region")),
            ("population", number("r.population")),
            ("proclamation_count", _PROCLAMATION_COUNT),
            ("initiative_count", _INITIATIVE_COUNT),
            ("updated_at", timestamp("r.updated_at", utc="+00:00")),
            ("url", url),
            ("web_url", web_url),
        ]
    )
    point = (
        "CASE WHEN r.latitude IS NULL OR r.longitude IS NULL THEN 'null' ELSE "
        f"""'{{"type":"Point","coordinates":[' || {decimal_as_float("r.longitude")} || ',' """
        f"""|| {decimal_as_float("r.latitude")} || ']}}' END"""
    )
    return object_of(
        [
            ("type", "'\"Feature\"'"),
            ("id", text("r.slug")),
            ("geometry", point),
            ("properties", properties),
        ]
    )


def _count_of(relation: str, condition: str = "") -> str:
    # What `city_rows` counts: the rows of the relation whose city this is, on the foreign key's index.
    related = City.related_rows(relation).model
    city = related._meta.get_field("city").column
    return f"(SELECT count(*) FROM {table_of(related)} AS counted WHERE counted.{city} = r.id{condition})::text"


_PROCLAMATION_COUNT = _count_of("proclamations", " AND counted.is_public")
_INITIATIVE_COUNT = _count_of("initiatives")


@lru_cache(maxsize=4096)
def _country_and_continent(code: str, language: str | None) -> str:
    # What follows "country": in a city, up to its continent included, as `CityRepresentation` gives them.
    continent = continent_of(code)
    return (
        orjson.dumps({"code": code, "name": country_name(code, language)}).decode()
        + ',"continent":'
        + orjson.dumps({"code": continent, "name": str(Continent(continent).label)} if continent else None).decode()
    )


@lru_cache(maxsize=4096)
def _country_properties(code: str, language: str | None) -> str:
    # What follows "country": in a Feature's properties: the code, its name, the continent's code.
    return (
        orjson.dumps(code).decode()
        + ',"country_name":'
        + orjson.dumps(country_name(code, language)).decode()
        + ',"continent":'
        + orjson.dumps(continent_of(code)).decode()
    )


@lru_cache(maxsize=16)
def _network_names(language: str | None) -> str:
    return orjson.dumps({value: orjson.dumps(str(label)).decode() for value, label in Network.choices}).decode()


def _networks(language: str | None) -> tuple[str, list]:
    """The city's network affiliations, ordered as `networks_of` orders them."""
    affiliation = object_of(
        [
            ("network", text("a.network")),
            ("name", looked_up(_network_names(language), "a.network", "'null'")),
            ("identifier", text("a.identifier")),
            ("since", date("a.since")),
        ]
    )
    return (
        f"'[' || COALESCE((SELECT string_agg({affiliation[0]}, ',' ORDER BY a.network, a.identifier) "
        f"FROM {table_of(NetworkAffiliation)} AS a WHERE a.city_id = r.id), '') || ']'",
        affiliation[1],
    )


# The city of a proclamation or an initiative, joined as `city`, as `CityBriefSerializer` gives it.
CITY_BRIEF_JOIN = f"JOIN {table_of(City)} AS city ON city.id = r.city_id"


def city_brief_json(cities: str) -> tuple[str, list]:
    """The city of a row, joined by `CITY_BRIEF_JOIN`; `cities` is where the API's cities are on this host."""
    return object_of(
        [
            ("slug", text("city.slug")),
            ("name", text("city.name")),
            ("country", text("city.country")),
            ("url", ("to_json(%s || city.slug || '/')::text", [cities])),
        ]
    )
