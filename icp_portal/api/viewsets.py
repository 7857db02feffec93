"""The base of every viewset of the partner API."""

from django.http import HttpRequest
from django.utils.cache import get_conditional_response, set_response_etag
from rest_framework import viewsets
from rest_framework.response import Response

from .renderers import ORJSONRenderer


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, as the whole partner API is: errors always in JSON, an ETag on every answer, and 304 for a client
    whose If-None-Match names the current one."""

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
