"""The base of every viewset of the partner API."""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.cache import get_conditional_response
from rest_framework import viewsets
from rest_framework.response import Response

from partners.tallies import Tally

from .etags import content_etag
from .pagination import filter_updated_since
from .prerendered import JSONRows, RowJSON, page_body, writes_json
from .renderers import ORJSONRenderer


class PartnerAnswers:
    """What every answer of the partner API does: errors always in JSON, an ETag on every answer, and 304 for a
    client whose If-None-Match names the current one."""

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400 and isinstance(response, Response):
            # Errors are JSON whatever format was asked for: a partner's client reads `detail`.
            request.accepted_renderer = ORJSONRenderer()
            request.accepted_media_type = ORJSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and isinstance(response, Response):
            response.add_post_render_callback(lambda rendered: answer_conditionally(request, rendered))
        return response


class PartnerViewSet(PartnerAnswers, viewsets.ReadOnlyModelViewSet):
    """Read-only, as the whole partner API is, with the answers of `PartnerAnswers`.

    A viewset whose `row_json` says how the database writes one of its rows (`prerendered.py`) answers its JSON
    pages from that on PostgreSQL, in one query; its serializer stays what the answer is compared with, and writes
    the rows elsewhere."""

    row_json: Callable[[HttpRequest], RowJSON] | None = None
    tally: Tally | None = None  # the count of the listing's rows, kept by the database (partners/tallies.py)

    def reads_whole_collection(self) -> bool:
        """The plain listing, or the nightly sync filtered by nothing else: what partners and maps ask for most."""
        asked = [name for name in self.filterset_class.base_filters if name in self.request.query_params]
        since = self.request.query_params.get("updated_since", "").strip()
        return not asked or (asked == ["updated_since"] and bool(since) and "\x00" not in since)

    def listing_tally(self) -> Tally | None:
        """The tally that counts this request's rows: the collection's, when it reads the whole collection (a sync's
        window is counted against the tally)."""
        return self.tally if self.reads_whole_collection() else None

    def filter_queryset(self, queryset):
        # Building a FilterSet costs a millisecond or more (it deep-copies every filter with its choices): the whole
        # collection's requests skip it. The sync's filter is then the very method the FilterSet would call, with
        # the value its form would clean.
        if not self.reads_whole_collection():
            return super().filter_queryset(queryset)
        since = self.request.query_params.get("updated_since", "").strip()
        return filter_updated_since(queryset, "updated_since", since) if since else queryset

    def written_page(self, row_json: RowJSON) -> JSONRows | None:
        """This request's page written by the database in one query (`prerendered.py`), or None where the
        serializers answer (SQLite, the last page asked by name). A page of the whole collection is counted by its
        tally and a sync's window written from it: the ORM's filter, which would go unused, is not built."""
        queryset = self.get_queryset()
        if not writes_json(queryset):
            return None
        tally = self.listing_tally()
        if tally is None:
            queryset = self.filter_queryset(queryset)
        return self.paginator.paginate_json(queryset, row_json, self.request, tally)

    def list(self, request, *args, **kwargs):
        if self.row_json is not None and request.accepted_renderer.format == "json":
            written = self.written_page(self.row_json(request))
            if written is not None:
                body = page_body(self.paginator.page_links(), written.joined())
                return Response(body, headers=self.paginator.headers())
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def answer_conditionally(request: HttpRequest, response):
    if not response.streaming and response.content:
        response["ETag"] = content_etag(response.content)
    return get_conditional_response(request, etag=response.headers.get("ETag"), response=response)
