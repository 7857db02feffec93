"""Public proclamations as PostgreSQL writes them for a page of the partner API, byte for byte what
`ProclamationSerializer` gives (tests/icp_portal/test_api_prerendered.py compares both): see
`icp_portal/api/prerendered.py`."""

from functools import lru_cache

import orjson

from icp_portal.api.prerendered import RowJSON, date, number, object_of, text, timestamp
from members.api.json_rows import CITY_BRIEF_JOIN, city_brief_json
from members.api.serializers import CityRepresentation

from ..models import Proclamation

NO_DOCUMENT = '"document_url":null'


def proclamation_json(request) -> RowJSON:
    """How PostgreSQL writes a proclamation in a JSON page. The document's address is the
    storage's to give: the row comes with the document's name, and Python writes its address in."""
    storage = Proclamation._meta.get_field("document").storage

    def with_document(row: str, name: str) -> str:
        # Every value before it is a JSON string or number: an unescaped "document_url": can only be the key.
        address = orjson.dumps(request.build_absolute_uri(storage.url(name))).decode()
        return row.replace(NO_DOCUMENT, f'"document_url":{address}', 1)

    sql, params = _proclamation_sql(CityRepresentation.bases(request)[0])
    return RowJSON(
        sql=sql,
        params=params,
        joins=CITY_BRIEF_JOIN,
        extra="CASE WHEN r.is_public AND r.document <> '' THEN r.document END",
        finish=with_document,
    )


@lru_cache(maxsize=64)
def _proclamation_sql(cities: str) -> tuple[str, tuple]:
    # The same text on every request to this host: built once.
    sql, params = object_of(
        [
            ("id", number("r.id")),
            ("city", city_brief_json(cities)),
            ("kind", text("r.kind")),
            ("title", text("r.title")),
            ("issuing_body", text("r.issuing_body")),
            ("adopted_on", date("r.adopted_on")),
            ("summary", text("r.summary")),
            ("text", text("r.text")),
            ("language", text("r.language")),
            ("document_url", "'null'"),
            ("updated_at", timestamp("r.updated_at", utc="Z")),
        ]
    )
    return sql, tuple(params)
