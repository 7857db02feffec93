"""Rendered pages of the partner API, served again while the data they show has not changed.

Partners and maps ask for the same pages over and over (the first pages of a country, the whole list page by page
every night). Building a page costs several queries and milliseconds of Python; asking whether the data changed
costs one small query. So a list renders a page once and keeps its bytes in this process's memory (the
`api_pages` cache: nothing waits on Redis), keyed by everything the page depends on: its absolute URL (host, path,
query), the language (country names), the format, and the version of the data, read on every request. A change
made by any process changes the version, so it shows at once.

Two transactions crossing can commit a row whose updated_at is older than the newest one a version has already
seen; settings.API_PAGE_CACHE_SECONDS bounds how long a page may miss such a row.
"""

import hashlib
from collections.abc import Callable, Hashable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from rest_framework.response import Response

from .etags import content_etag

KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Last-Modified")


def cached_page(view, request, version: Hashable, build: Callable[[], Response]) -> HttpResponse:
    """The page `build` makes, rendered, from the cache when this request and version were seen before.

    Call it from a DRF view's handler, after authentication and throttling. Only 200 pages are kept: `build`
    raising (a bad parameter, a page past the end) answers as usual and keeps nothing."""
    pages, seconds = caches["api_pages"], settings.API_PAGE_CACHE_SECONDS
    key = _page_key(request, version)
    page = pages.get(key) if seconds else None
    if page is None:
        page = _render(view, request, build())
        if seconds:
            pages.set(key, page, seconds)
    body, headers = page
    return get_conditional_response(request, etag=headers["ETag"], response=HttpResponse(body, headers=headers))


def _page_key(request: HttpRequest, version: Hashable) -> str:
    described = f"{version!r}|{get_language()}|{request.accepted_renderer.format}|{request.build_absolute_uri()}"
    return hashlib.sha256(described.encode()).hexdigest()


def _render(view, request, response: Response) -> tuple[bytes, dict[str, str]]:
    # What DRF's finalize_response and Django's handler would do, done now so the bytes can be kept.
    response.accepted_renderer = request.accepted_renderer
    response.accepted_media_type = request.accepted_media_type
    response.renderer_context = view.get_renderer_context()
    response.render()
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    headers["ETag"] = content_etag(response.content)
    return response.content, headers
