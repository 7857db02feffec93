"""Reads of member data that pages and the API share."""

import json
import math
from datetime import timedelta
from decimal import Decimal
from functools import cache

from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404

from .models import City


def city_coordinated_by(user, slug: str) -> City:
    """The city with this slug, only if the user coordinates it: anyone else gets 404, for every edit page."""
    return get_object_or_404(City.objects.coordinated_by(user), slug=slug)


def cities_near(latitude: Decimal, longitude: Decimal, *, kilometres: float = 30, limit: int = 10) -> list[City]:
    """Member cities within about that distance: an indexed box in SQL, then the exact distance for the few left."""
    latitude_span = kilometres / 111.0
    longitude_span = kilometres / max(1.0, 111.0 * math.cos(math.radians(float(latitude))))
    candidates = City.objects.filter(
        latitude__range=(float(latitude) - latitude_span, float(latitude) + latitude_span),
        longitude__range=(float(longitude) - longitude_span, float(longitude) + longitude_span),
    )[:200]
    for city in candidates:
        city.distance_km = distance_km(latitude, longitude, city.latitude, city.longitude)
    near = [city for city in candidates if city.distance_km <= kilometres]
    return sorted(near, key=lambda city: city.distance_km)[:limit]


def distance_km(latitude_a, longitude_a, latitude_b, longitude_b) -> float:
    """Great-circle distance (haversine) in kilometres."""
    phi_a, phi_b = math.radians(float(latitude_a)), math.radians(float(latitude_b))
    delta_phi = phi_b - phi_a
    delta_lambda = math.radians(float(longitude_b) - float(longitude_a))
    a = math.sin(delta_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(delta_lambda / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


QUIET_AFTER = timedelta(days=365)
REMIND_AGAIN_AFTER = timedelta(days=30)


def cities_quiet_for_a_year(*, now) -> QuerySet[City]:
    """Active cities whose page, initiatives and proclamations have not changed for a year, not reminded lately."""
    last_activity = Greatest(
        "updated_at",
        Coalesce(Max("initiatives__updated_at"), "updated_at"),
        Coalesce(Max("proclamations__updated_at"), "updated_at"),
    )
    return (
        City.objects.active()
        .filter(coordinators__isnull=False)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMIND_AGAIN_AFTER))
        .annotate(last_activity=last_activity)
        .filter(last_activity__lt=now - QUIET_AFTER)
        .distinct()
    )


def city_peers(city: City, *, limit: int = 6) -> list[City]:
    """Other active cities running the same kinds of initiatives, the most in common first: peers to learn from."""
    categories = list(city.initiatives.values_list("category", flat=True).distinct())
    if not categories:
        return []
    shared = Count("initiatives", filter=Q(initiatives__category__in=categories), distinct=True)
    return list(
        City.objects.active()
        .exclude(pk=city.pk)
        .filter(initiatives__category__in=categories)
        .annotate(shared_categories=shared)
        .order_by("-shared_categories", "-member_since")
        .distinct()[:limit]
    )


def cities_version() -> tuple:
    """A value that changes whenever any city's record as partners read it changes, for the API's page cache.

    A save or a change to what the record counts or lists moves the newest updated_at (see ChangesItsCity); a
    deletion leaves a row in the city's history. Two index lookups in one round trip (a count of the cities
    would read them all)."""
    with connection.cursor() as cursor:
        cursor.execute(_cities_version_sql())
        return cursor.fetchone()


@cache
def _cities_version_sql() -> str:
    # Built once: City.history makes a new manager on each access.
    cities, history = City._meta.db_table, City.history.model._meta.db_table
    return f"SELECT (SELECT max(updated_at) FROM {cities}), (SELECT max(history_id) FROM {history})"


def map_points(name: str, latitude, longitude, nearby: list[City]) -> str:
    """JSON for a small map (static/js/maps.js, data-point-map): the place first, then the member cities near it."""
    points = [[float(latitude), float(longitude), name]]
    points += [[float(city.latitude), float(city.longitude), city.name] for city in nearby]
    return json.dumps(points)
