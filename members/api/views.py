"""Cities for partners: `/api/v1/cities/` (JSON, GeoJSON, CSV) and `/api/v1/cities/<slug>/`."""

from collections.abc import Iterator
from datetime import datetime
from itertools import islice

import orjson
from django.http import StreamingHttpResponse
from django.utils.http import http_date
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from icp_portal.api.page_cache import cached_page
from icp_portal.api.prerendered import feature_collection_body, page_body
from icp_portal.api.renderers import CSVRenderer, GeoJSONRenderer, ORJSONRenderer
from icp_portal.api.viewsets import PartnerViewSet
from partners.tallies import CITIES

from ..filtersets import CityFilterSet
from ..models import City
from ..selectors import cities_version
from .json_rows import city_json
from .schema import CITY_SCHEMA
from .serializers import (
    CITY_DETAIL_FIELDS,
    CityRepresentation,
    CitySerializer,
    city_rows,
    networks_of,
)

STREAM_CHUNK = 1000
PAGE_PARAMETERS = ("page", "page_size", "updated_since")


@CITY_SCHEMA
class CityViewSet(PartnerViewSet):
    """Member cities. Read through `.values()` and plain dicts, not model instances: see `serializers.py`."""

    queryset = City.objects.order_by("member_number")
    serializer_class = CitySerializer
    filterset_class = CityFilterSet
    tally = CITIES
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    renderer_classes = [ORJSONRenderer, GeoJSONRenderer, CSVRenderer]

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
        if output != "csv" and (written := self.written_page(city_json(request, output))) is not None:
            links, rows = self.paginator.page_links(), written.joined()
            body = feature_collection_body(links, rows) if output == "geojson" else page_body(links, rows)
            return Response(body, headers={**self.paginator.headers(), **_last_modified_at(written.newest_update)})
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
    return _last_modified_at(max(row["updated_at"] for row in rows) if rows else None)


def _last_modified_at(newest: datetime | None) -> dict:
    return {"Last-Modified": http_date(newest.timestamp())} if newest else {}
