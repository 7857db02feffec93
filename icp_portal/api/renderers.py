"""Renderers of the partner API (named by REST_FRAMEWORK in settings): JSON by orjson, GeoJSON, CSV."""

import orjson
from rest_framework import renderers


class RenderedJSON(bytes):
    """A page already written as JSON (by PostgreSQL: `prerendered.py`), which the JSON renderers pass through."""


class ORJSONRenderer(renderers.BaseRenderer):
    """JSON by orjson: several times faster than the standard library on large pages."""

    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        if isinstance(data, RenderedJSON):
            return data
        return orjson.dumps(data, default=str, option=orjson.OPT_NON_STR_KEYS)


class GeoJSONRenderer(ORJSONRenderer):
    """RFC 7946 GeoJSON; the view hands it a FeatureCollection."""

    media_type = "application/geo+json"
    format = "geojson"


class CSVRenderer(renderers.BaseRenderer):
    """CSV; the view hands it the finished text."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return data.encode("utf-8") if isinstance(data, str) else orjson.dumps(data, default=str)
