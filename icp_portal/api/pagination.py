"""Pagination of the partner API (named by REST_FRAMEWORK in settings): pages, and the incremental sync's window
and cursor."""

import base64
import binascii
from datetime import UTC, datetime, timedelta

from django.core.paginator import InvalidPage
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from icp_portal.numbers import whole_number
from partners.tallies import Tally

from .prerendered import JSONRows, RowJSON, json_rows, sync_json_rows

# A sync reads rows written up to a few seconds ago, never the last instant: a row saved just before the
# request but committed just after it would otherwise carry an updated_at the sync has already passed.
SYNC_SETTLE = timedelta(seconds=5)

# Pagination and incremental sync ----------------------------------------------------------------------------


class PartnerPagination(PageNumberPagination):
    """`page` and `page_size` (at most 100). With `updated_since` the collection is read as an incremental sync:
    in (updated_at, id) order, each `next` link continuing after the last row it returned (`after`) within a
    window closed when the sync began (`updated_until`), so no row is missed or repeated across pages even while
    rows change; a row changed during the sync comes with the next sync."""

    page_size = 50
    max_page_size = 100
    page_size_query_param = "page_size"

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = whole_number(raw)
        if size is None or size < 1:
            raise ValidationError({"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]})
        return min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None) -> list:
        self._read_request(request)
        if self.sync is not None:
            return self._paginate_sync(queryset, request)
        return super().paginate_queryset(queryset, request, view)

    def _read_request(self, request) -> None:
        self.request = request
        self.sync = None
        page = request.query_params.get(self.page_query_param)
        if page is not None and page not in self.last_page_strings and (whole_number(page) or 0) < 1:
            raise ValidationError({"page": ["Give a page number: 1 or more."]})
        if request.query_params.get("updated_since"):
            self.sync = SyncWindow.from_request(request)

    def _sync_rows(self, queryset):
        # The same window as `sync_json_rows` writes in SQL for PostgreSQL's pages (tests compare both).
        queryset = queryset.filter(updated_at__lt=self.sync.until)
        if self.sync.after is not None:
            updated_at, pk = self.sync.after
            queryset = queryset.filter(updated_at__gte=updated_at).exclude(updated_at=updated_at, pk__lte=pk)
        return queryset.order_by("updated_at", "pk")

    def _paginate_sync(self, queryset, request) -> list:
        queryset = self._sync_rows(queryset)
        # In a sync, count is what is left from this page on: the whole window on the first page.
        self.sync_count = queryset.count()
        self.page_size_value = self.get_page_size(request)
        rows = list(queryset[: self.page_size_value]) if self.sync_count else []
        self.sync_last = rows[-1] if rows and self.sync_count > len(rows) else None
        return rows

    def paginate_json(self, queryset, row_json: RowJSON, request, tally: Tally | None = None) -> JSONRows | None:
        """The page `paginate_queryset` would give, written as JSON by the database in one query (`row_json` says
        how a row is written; `tally` counts the queryset when it is that whole collection), with the same errors
        and links; None where only the usual path answers (the last page asked by name)."""
        self._read_request(request)
        size = self.get_page_size(request)
        if self.sync is not None:
            window = self.sync
            found = sync_json_rows(
                row_json, queryset, since=window.since, until=window.until, after=window.after, limit=size, tally=tally
            )
            self.sync_count, self.page_size_value = found.count, size
            self.sync_last = found.last if found.count > found.size else None
            return found
        number = request.query_params.get(self.page_query_param) or 1
        if number in self.last_page_strings:
            return None
        found = json_rows(row_json, queryset, offset=(int(number) - 1) * size, limit=size, tally=tally)
        paginator = self.django_paginator_class([], size)
        paginator.count = found.count  # counted by the same query
        try:
            self.page = paginator.page(number)
        except InvalidPage as error:
            raise NotFound(self.invalid_page_message.format(page_number=number, message=str(error))) from error
        return found

    def page_links(self) -> dict:
        if self.sync is None:
            return {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
            }
        next_link = None
        if self.sync_last is not None:
            url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
            url = replace_query_param(url, "updated_until", self.sync.until.isoformat())
            next_link = replace_query_param(url, "after", encode_cursor(self.sync_last))
        return {"count": self.sync_count, "next": next_link, "previous": None}

    def headers(self) -> dict:
        return {"X-Updated-Until": self.sync.until.isoformat()} if self.sync else {}

    def get_paginated_response(self, data) -> Response:
        return Response({**self.page_links(), "results": data}, headers=self.headers())

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        properties = paginated["properties"]
        properties["count"]["description"] = _(
            "Rows in the collection with these filters; in a sync (updated_since), the rows left from this page on."
        )
        properties["count"]["example"] = 457
        properties["next"]["example"] = "https://portal.citiesofpeace.org/api/v1/cities/?page=3"
        properties["previous"]["example"] = "https://portal.citiesofpeace.org/api/v1/cities/?page=1"
        return paginated

    def get_schema_operation_parameters(self, view) -> list:
        parameters = super().get_schema_operation_parameters(view)
        described = {
            self.page_query_param: (_("Page number, from 1."), "SecondPage", _("Second page"), 2),
            self.page_size_query_param: (
                format_lazy(
                    _("Rows per page: {size} unless given, at most {most} (larger asks get {most})."),
                    size=self.page_size,
                    most=self.max_page_size,
                ),
                "AHundred",
                _("A hundred"),
                100,
            ),
        }
        for parameter in parameters:
            if parameter["name"] in described:
                parameter["description"], key, summary, value = described[parameter["name"]]
                parameter["examples"] = {key: {"value": value, "summary": summary}}
        return parameters


class SyncWindow:
    """The rows of an incremental sync: updated_since <= updated_at < updated_until, read after a cursor."""

    def __init__(self, since: datetime, until: datetime, after: tuple[datetime, int] | None) -> None:
        self.since, self.until, self.after = since, until, after

    @classmethod
    def from_request(cls, request) -> "SyncWindow":
        params = request.query_params
        since = parse_timestamp(params.get("updated_since"), "updated_since")
        until = (
            parse_timestamp(params["updated_until"], "updated_until")
            if params.get("updated_until")
            else timezone.now() - SYNC_SETTLE
        )
        after = decode_cursor(params["after"]) if params.get("after") else None
        return cls(since, until, after)


def parse_timestamp(value: str | None, name: str) -> datetime:
    """An ISO 8601 time, in UTC (PostgreSQL refuses some offsets Python accepts, such as +22:35)."""
    try:
        parsed = parse_datetime((value or "").strip().replace(" ", "+"))
        if parsed is not None:
            parsed = (parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)).astimezone(UTC)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise ValidationError({name: ["Give an ISO 8601 date and time, e.g. 2026-01-31T00:00:00Z."]})
    return parsed


def encode_cursor(row) -> str:
    updated_at, pk = (row["updated_at"], row["id"]) if isinstance(row, dict) else (row.updated_at, row.pk)
    return base64.urlsafe_b64encode(f"{updated_at.isoformat()}|{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        timestamp, pk = text.split("|")
        updated_at = parse_datetime(timestamp)
        if updated_at is None or timezone.is_naive(updated_at):
            raise ValueError(timestamp)
        return updated_at.astimezone(UTC), int(pk)
    except (ValueError, OverflowError, UnicodeDecodeError, binascii.Error) as error:
        raise ValidationError({"after": ["Not a cursor of this API: follow the next link as given."]}) from error


def filter_updated_since(queryset, name: str, value: str):
    """Filter method of `updated_since` in every FilterSet: rows changed at or after the time."""
    return queryset.filter(updated_at__gte=parse_timestamp(value, name))
