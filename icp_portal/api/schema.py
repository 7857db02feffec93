"""The parts of the OpenAPI description every collection of the partner API shares and code cannot say: the
answers to errors and to a conditional request, and the incremental sync's parameters. Filters are described by
each FilterSet (help texts and choices), `page` and `page_size` by the paginator; each app's `api/schema.py` adds
what only words can say (formats, path parameters, examples) through `list_schema` and `record_schema`.

Every text the schema shows is translated (gettext_lazy), so that `/api/schema/?lang=ar` reads in Arabic: the
descriptions, summaries and examples' names here and in each app, help texts, and the docstrings drf-spectacular
shows (a serializer's or a viewset's), written `__doc__ = _("...")` for that reason."""

from collections.abc import Sequence
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema

from .errors import ErrorSerializer

SYNC_EXAMPLE_TIME = "2026-01-31T00:00:00Z"
SYNC_SCHEMA_PARAMETERS = [
    OpenApiParameter(
        "updated_since",
        datetime,
        description=_(
            "Incremental sync: only rows changed at or after this time (ISO 8601), in (updated_at, id) "
            "order, `ordering` then being ignored. Follow `next` to the end, and start the next sync from the "
            "`X-Updated-Until` header of this one."
        ),
        examples=[OpenApiExample(_("Changes since the end of January"), value=SYNC_EXAMPLE_TIME)],
    ),
    OpenApiParameter(
        "updated_until",
        datetime,
        description=_("End of a sync's window (exclusive). The server sets it in `next` links; leave it out."),
        examples=[OpenApiExample(_("Window closed when the sync began"), value="2026-02-28T02:00:00Z")],
    ),
    OpenApiParameter(
        "after",
        str,
        description=_("Opaque cursor of a sync, carried by `next` links. Leave it out on the first request."),
        examples=[OpenApiExample(_("Cursor from a next link"), value="MjAyNi0wMi0wMVQxMDowMDowMCswMDowMHw0Mg")],
    ),
]


def error_answer(description: str, example: dict) -> OpenApiResponse:
    """An error's answer in the schema: `{"detail"}` (and `errors`), with its example."""
    return OpenApiResponse(
        ErrorSerializer, description=description, examples=[OpenApiExample(description, value=example)]
    )


ERROR_RESPONSES = {
    (400, "application/json"): error_answer(
        _("A bad parameter"),
        {
            "detail": "Bad parameter. country: Unknown country code 'XX': give an ISO 3166-1 alpha-2 code such as US "
            "or DE.",
            "errors": {"country": ["Unknown country code 'XX': give an ISO 3166-1 alpha-2 code such as US or DE."]},
        },
    ),
    (401, "application/json"): error_answer(_("A wrong or revoked key"), {"detail": "Invalid API key."}),
    (404, "application/json"): error_answer(_("No such record or page"), {"detail": "Invalid page."}),
    (429, "application/json"): error_answer(
        _("Too many requests: wait the seconds of the Retry-After header"),
        {"detail": "Request was throttled. Expected available in 42 seconds."},
    ),
}
NOT_MODIFIED_RESPONSE = {
    (304, "application/json"): OpenApiResponse(
        description=_("Not modified: If-None-Match named the ETag of the current answer; reuse your copy.")
    )
}


def list_schema(
    *,
    summary: str,
    description: str,
    responses: dict,
    parameters: Sequence[OpenApiParameter] = (),
    examples: Sequence[OpenApiExample] = (),
):
    """A collection's list: its own parameters and examples (`parameter_only` ones for the generated filters) and
    the sync's; its answers, then 304 and the errors."""
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[*parameters, *SYNC_SCHEMA_PARAMETERS],
        examples=list(examples),
        responses={**responses, **NOT_MODIFIED_RESPONSE, **ERROR_RESPONSES},
    )


def record_schema(
    *,
    summary: str,
    responses: dict,
    description: str | None = None,
    parameters: Sequence[OpenApiParameter] = (),
):
    """One record of a collection: its answer, then 304 and the errors."""
    return extend_schema(
        summary=summary,
        description=description,
        parameters=list(parameters),
        responses={**responses, **NOT_MODIFIED_RESPONSE, **ERROR_RESPONSES},
    )


def answer(serializer, description: str, example_name: str, example, media_type: str = "application/json") -> dict:
    """A 200 answer in one format, with its example: merge several for a collection that has more formats."""
    return {
        (200, media_type): OpenApiResponse(
            serializer, description=description, examples=[OpenApiExample(example_name, value=example)]
        )
    }


def example_of(parameter: str, name: str, value) -> OpenApiExample:
    """An example for a query parameter that code describes (a filter), shown beside its description."""
    return OpenApiExample(name, value=value, parameter_only=(parameter, OpenApiParameter.QUERY))
