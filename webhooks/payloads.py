"""The body of each event: the same JSON the partner API gives for the object (its own serializers, rendered by the
API's renderer), with the event's type, time and the object's address in the API (on PORTAL_BASE_URL)."""

from typing import Any

import orjson
from django.conf import settings
from django.utils import timezone, translation

from icp_portal.api.renderers import ORJSONRenderer
from initiatives.api.serializers import InitiativeSerializer
from initiatives.models import Initiative
from members.api.serializers import CITY_DETAIL_FIELDS, CityRepresentation, city_rows
from members.models import City
from proclamations.api.serializers import ProclamationSerializer
from proclamations.models import Proclamation
from progress.api.serializers import ProgressSnapshotSerializer
from progress.models import ProgressSnapshot


class PortalAddress:
    """Stands in for the request the API's serializers build absolute links with: the portal's public address."""

    def build_absolute_uri(self, location: str = "/") -> str:
        return f"{settings.PORTAL_BASE_URL}{location}"


def api_url(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}/api/v1/{path}"


def _as_api_json(data: Any) -> Any:
    # Through the API's own renderer, so dates, decimals and times read exactly as the API writes them.
    return orjson.loads(ORJSONRenderer().render(data))


def event_body(*, event_type: str, data: dict, url: str, extra: dict | None = None) -> dict:
    """The event's JSON (Standard Webhooks' shape: type, timestamp, data), with `url` of the object in the API."""
    return {
        "type": event_type,
        "timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
        "url": url,
        **(extra or {}),
        "data": _as_api_json(data),
    }


def city_data(city: City) -> dict:
    # English, as the API answers without Accept-Language; country and continent names are translated there.
    with translation.override("en"):
        row = city_rows(City.objects.filter(pk=city.pk), CITY_DETAIL_FIELDS).get()
        return CityRepresentation(PortalAddress()).city_detail(row)


def proclamation_data(proclamation: Proclamation) -> dict:
    with translation.override("en"):
        return ProclamationSerializer(proclamation, context={"request": PortalAddress()}).data


def initiative_data(initiative: Initiative) -> dict:
    with translation.override("en"):
        return InitiativeSerializer(initiative, context={"request": PortalAddress()}).data


def snapshot_data(snapshot: ProgressSnapshot) -> dict:
    with translation.override("en"):
        return ProgressSnapshotSerializer(snapshot, context={"request": PortalAddress()}).data
