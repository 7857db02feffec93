"""Public proclamations as PostgreSQL writes them for a page of the partner API, byte for byte what
`ProclamationSerializer` gives (tests/icp_portal/test_api_prerendered.py compares both): see
`icp_portal/api/prerendered.py`."""

from functools import lru_cache

import orjson

from icp_portal.api.prerendered import RowJSON, date, left_for_python, number, object_of, text, timestamp
from members.api.json_rows import CITY_BRIEF_JOIN, city_brief_json
from members.api.serializers import CityRepresentation

from ..models import Proclamation


def proclamation_json(request) -> RowJSON:
    """How PostgreSQL writes a proclamation in a JSON page. The document's address is the storage's to give: the
    row leaves the document's name to Python, which writes its address in."""
    storage = Proclamation._meta.get_field("document").storage

    def document_url(name: str) -> str:
        return orjson.dumps(request.build_absolute_uri(storage.url(name))).decode()

    sql, params = _proclamation_sql(CityRepresentation.bases(request)[0])
    return RowJSON(sql=sql, params=params, joins=CITY_BRIEF_JOIN, write_left=document_url)


DOCUMENT_URL = f"CASE WHEN r.is_public AND r.document <> '' THEN {left_for_python('r.document')} ELSE 'null' END"


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
            ("document_url", DOCUMENT_URL),
            ("updated_at", timestamp("r.updated_at", utc="Z")),
        ]
    )
    return sql, tuple(params)
