"""What every collection of the partner API shares: the router, answers (ETag, 304, errors in JSON), the
error handler and the pieces of the OpenAPI description.

Each app keeps its own `api/` folder (serializers, views); `icp_portal/api_urls.py` registers the viewsets on
`router`. A new collection is one line there, `router.register("progress", ProgressViewSet, basename="progress")`,
or a `router.register(...)` anywhere imported before the first request: the router builds its URL patterns when
the first request is resolved, not when `icp_portal.urls` is imported.

The classes that settings name (authentication, throttles, pagination, renderers) live in
`partners/authentication.py`, `partners/throttling.py` and `icp_portal/api_classes.py`, and are importable
from here too.
"""

from datetime import datetime

from django.http import HttpRequest
from django.utils.cache import get_conditional_response, set_response_etag
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from partners.authentication import PartnerKeyAuthentication
from partners.throttling import AnonymousRateThrottle, PartnerKeyRateThrottle

from .api_classes import (
    SYNC_SETTLE,
    CSVRenderer,
    FormatNegotiation,
    GeoJSONRenderer,
    ORJSONRenderer,
    PartnerPagination,
    parse_timestamp,
)

__all__ = [
    "SYNC_SETTLE",
    "AnonymousRateThrottle",
    "CSVRenderer",
    "FormatNegotiation",
    "GeoJSONRenderer",
    "ORJSONRenderer",
    "PartnerKeyAuthentication",
    "PartnerKeyRateThrottle",
    "PartnerPagination",
    "router",
]


class PartnerRouter(DefaultRouter):
    """The `/api/v1/` router. `include(router)` reads `urlpatterns` when URLs are first resolved, so collections
    registered after `icp_portal.urls` was imported still get their routes."""

    @property
    def urlpatterns(self) -> list:
        return self.get_urls()


router = PartnerRouter()


def filter_updated_since(queryset, name: str, value: str):
    """Filter method of `updated_since` in every FilterSet: rows changed at or after the time."""
    return queryset.filter(updated_at__gte=parse_timestamp(value, name))


SYNC_EXAMPLE_TIME = "2026-01-31T00:00:00Z"
SYNC_SCHEMA_PARAMETERS = [
    OpenApiParameter(
        "updated_since",
        datetime,
        description="Incremental sync: only rows changed at or after this time (ISO 8601), in (updated_at, id) "
        "order, `ordering` then being ignored. Follow `next` to the end, and start the next sync from the "
        "`X-Updated-Until` header of this one.",
        examples=[OpenApiExample("Changes since the end of January", value=SYNC_EXAMPLE_TIME)],
    ),
    OpenApiParameter(
        "updated_until",
        datetime,
        description="End of a sync's window (exclusive). The server sets it in `next` links; leave it out.",
        examples=[OpenApiExample("Window closed when the sync began", value="2026-02-28T02:00:00Z")],
    ),
    OpenApiParameter(
        "after",
        str,
        description="Opaque cursor of a sync, carried by `next` links. Leave it out on the first request.",
        examples=[OpenApiExample("Cursor from a next link", value="MjAyNi0wMi0wMVQxMDowMDowMCswMDowMHw0Mg")],
    ),
]


# Views and errors -------------------------------------------------------------------------------------------


class PartnerAnswersMixin:
    """For every viewset of the partner API: errors always in JSON, an ETag on every answer, and 304 for a client
    whose If-None-Match names the current one. (A mixin: this module must not import DRF's views, which import
    the authentication and pagination classes of this module through the settings.)"""

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400 and isinstance(response, Response):
            # Errors are JSON whatever format was asked for: a partner's client reads `detail`.
            request.accepted_renderer = ORJSONRenderer()
            request.accepted_media_type = ORJSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and isinstance(response, Response):
            response.add_post_render_callback(lambda rendered: answer_conditionally(request, rendered))
        return response


def answer_conditionally(request: HttpRequest, response):
    set_response_etag(response)
    return get_conditional_response(request, etag=response.headers.get("ETag"), response=response)


def exception_handler(exc, context):
    """Every error is `{"detail": "..."}`; a bad parameter also names each problem in `errors`."""
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(response.data, dict | list) or "detail" in response.data:
        return response
    errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
    problems = []
    for field, messages in errors.items():
        messages = messages if isinstance(messages, list) else [messages]
        problems.append(f"{field}: {' '.join(str(message) for message in messages)}")
    response.data = {"detail": "Bad parameter. " + "; ".join(problems), "errors": errors}
    return response


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a bad parameter: each parameter's problems.",
    )


def _error(description: str, example: dict) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorSerializer, description=description, examples=[OpenApiExample(description, value=example)]
    )


ERROR_RESPONSES = {
    (400, "application/json"): _error(
        "A bad parameter",
        {
            "detail": "Bad parameter. country: Unknown country code 'XX': give an ISO 3166-1 alpha-2 code such as US "
            "or DE.",
            "errors": {"country": ["Unknown country code 'XX': give an ISO 3166-1 alpha-2 code such as US or DE."]},
        },
    ),
    (401, "application/json"): _error("A wrong or revoked key", {"detail": "Invalid API key."}),
    (404, "application/json"): _error("No such record or page", {"detail": "Invalid page."}),
    (429, "application/json"): _error(
        "Too many requests: wait the seconds of the Retry-After header",
        {"detail": "Request was throttled. Expected available in 42 seconds."},
    ),
}
NOT_MODIFIED_RESPONSE = {
    (304, "application/json"): OpenApiResponse(
        description="Not modified: If-None-Match named the ETag of the current answer; reuse your copy."
    )
}
