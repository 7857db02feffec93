"""Pages of the partner API whose JSON PostgreSQL writes itself, for the answers the page cache cannot keep.

A nightly sync (`updated_since`) and every new filter are answered fresh. Building such a page in Python (model
instances or dicts, a serializer, then orjson) costs several milliseconds; PostgreSQL writes the same bytes from
the rows' columns while it reads them, in the one query that also counts the collection. Python then only wraps
the rows in the page's envelope (count, next, previous) and passes the bytes through `RenderedJSON`.

Each app says how one of its rows is written, with the helpers below, in the exact form its serializer gives (key
order, dates, times with microseconds, numbers, orjson's escaping); tests compare both on random rows. Only
PostgreSQL runs this SQL: elsewhere (SQLite in development) the serializers answer, as before.
"""

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from django.db import DatabaseError, connections
from django.db.models import F, QuerySet

from partners.tallies import Tally

from .renderers import RenderedJSON


def table_of(model) -> str:
    """The model's table, quoted, for SQL written by hand."""
    return connections["default"].ops.quote_name(model._meta.db_table)


def writes_json(queryset: QuerySet) -> bool:
    """Whether the database of `queryset` can write the page's JSON itself (PostgreSQL)."""
    return connections[queryset.db].vendor == "postgresql"


@dataclass(frozen=True)
class RowJSON:
    """How PostgreSQL writes one row of the collection: `sql` is a text expression over the row's table, named `r`,
    and what `joins` adds (`JOIN members_city AS city ON city.id = r.city_id`), with `params`. What only Python
    can write (a country's name in the request's language, a file's address) the SQL leaves to it with
    `left_for_python`; `write_left` gives the JSON that Python writes for each such value.

    Written by hand rather than compiled by the ORM on each request: compiling a queryset with its annotations
    costs about as much as PostgreSQL takes to write the page."""

    sql: str
    params: Sequence = ()
    joins: str = ""
    write_left: Callable[[Any], str] | None = None


@dataclass
class JSONRows:
    """A page of rows written as JSON: `text`, the rows in order joined by commas, and what the page's envelope and
    headers need."""

    count: int
    size: int  # rows on the page
    text: str = ""
    newest_update: datetime | None = None
    last: dict | None = None  # {"updated_at", "id"} of the last row: the cursor of a sync's next page

    def joined(self) -> bytes:
        return self.text.encode()


def json_rows(
    row_json: RowJSON, queryset: QuerySet, *, offset: int, limit: int, tally: Tally | None = None
) -> JSONRows:
    """Rows offset..offset+limit of `queryset`, in its order, written as JSON, and the count of all its rows (from
    `tally` when the queryset is its whole collection): one query. The ORM compiles only the filters and the order
    (on ids); the rows are joined to them by id."""
    # The page's ids in the queryset's order, numbered as they come out of it: a subquery with a LIMIT keeps its
    # order and is never flattened into the outer query (a Window annotation would cost the ORM half a
    # millisecond to compile).
    if tally is None:
        page = queryset.values(page_id=F("pk"))[offset : offset + limit].query.sql_with_params()
        count = _counted(queryset.order_by().values("pk").query.sql_with_params())
    else:  # the whole collection in its order: the same SQL on every request, compiled once (0.1 ms)
        ids_sql, ids_params = _whole_collection_ids(tally, queryset)
        page, count = (f"{ids_sql} LIMIT {int(limit)} OFFSET {int(offset)}", ids_params), tally.total()
    return _written_page(row_json, queryset, page, count, whole_collection=tally is not None)


_WHOLE_COLLECTION_IDS: dict[tuple, tuple[str, tuple]] = {}


def _whole_collection_ids(tally: Tally, queryset: QuerySet) -> tuple[str, tuple]:
    """The ids of `tally`'s whole collection in the order of `queryset` (a viewset's own, unfiltered), as SQL."""
    key = (tally, queryset.db, queryset.query.order_by)
    if key not in _WHOLE_COLLECTION_IDS:
        _WHOLE_COLLECTION_IDS[key] = queryset.values(page_id=F("pk")).query.sql_with_params()
    return _WHOLE_COLLECTION_IDS[key]


def sync_json_rows(
    row_json: RowJSON,
    queryset: QuerySet,
    *,
    since: datetime,
    until: datetime,
    after: tuple[datetime, int] | None,
    limit: int,
    tally: Tally | None = None,
) -> JSONRows:
    """The first `limit` rows of a sync's window over `queryset` (updated_at from `since`, which the queryset
    filters, to before `until`, after the cursor `after` in (updated_at, id) order), written as JSON, and the count
    of the whole window: the rows that `PartnerPagination._sync_rows` gives, with the ORM compiling the filters only
    once; the window and its order are written here, on the (updated_at, id) index. With `tally`, the sync reads the
    whole collection: the tally writes its rows from `since` (the queryset's filters are not read) and counts them."""
    if tally is None:
        filtered = queryset.order_by().values(row_id=F("pk"), row_updated_at=F("updated_at"))
        filtered_sql, params = filtered.query.sql_with_params()
    else:  # the whole collection from `since`: written by the tally, without the ORM's compiling (0.3 ms)
        filtered_sql, params = tally.rows_since(since)
    window = f"SELECT w.row_id, w.row_updated_at FROM ({filtered_sql}) AS w WHERE w.row_updated_at < %s"
    params = (*params, until)
    if after is not None:
        window += " AND (w.row_updated_at, w.row_id) > (%s, %s)"
        params = (*params, *after)
    page = f"SELECT w.row_id AS page_id FROM ({window}) AS w ORDER BY w.row_updated_at, w.row_id LIMIT {int(limit)}"
    if tally is None:
        count = _counted((window, params))
    else:
        count = tally.window_count((window, params), since=since, until=until, after=after)
    return _written_page(row_json, queryset, (page, params), count, whole_collection=tally is not None)


def _counted(rows: tuple[str, tuple]) -> tuple[str, tuple]:
    """An SQL expression: how many rows the query `rows` gives."""
    sql, params = rows
    return f"(SELECT count(*) FROM ({sql}) AS counted)", params


def _written_page(
    row_json: RowJSON,
    queryset: QuerySet,
    page: tuple[str, tuple],
    count: tuple[str, Sequence],
    *,
    whole_collection: bool,
) -> JSONRows:
    """The page's rows (the ids `page` selects, in its order) written as JSON, with `count` (an SQL expression).
    A page of the `whole_collection` reads the same index whatever its values: one plan serves every execution."""
    (page_sql, page_params), (count_sql, count_params) = page, count
    connection = connections[queryset.db]
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    # The rows come back as one text: an array of them would be escaped by PostgreSQL and unescaped by psycopg2,
    # which costs more than writing them.
    sql = (
        f"SELECT {count_sql}, count(*), "
        f"string_agg(({row_json.sql}), ',' ORDER BY page.page_ordinal), "
        "max(r.updated_at), (array_agg(r.updated_at ORDER BY page.page_ordinal DESC))[1], "
        "(array_agg(r.id ORDER BY page.page_ordinal DESC))[1] "
        "FROM (SELECT ordered.page_id, row_number() OVER () AS page_ordinal "
        f"FROM ({page_sql}) AS ordered) AS page JOIN {table} AS r ON r.id = page.page_id {row_json.joins}"
    )
    with connection.cursor() as cursor:
        params = (*count_params, *row_json.params, *page_params)
        execute_prepared(connection, cursor, sql, params, generic_plan=whole_collection)
        count, size, written, newest, last_updated_at, last_id = cursor.fetchone()
    if not size:
        return JSONRows(count=count, size=0)
    if row_json.write_left is not None:
        written = written_by_python(written, row_json.write_left)
    return JSONRows(
        count=count,
        size=size,
        text=written,
        newest_update=newest,
        last={"updated_at": last_updated_at, "id": last_id},
    )


# Prepared statements ---------------------------------------------------------------------------------------------
# PostgreSQL takes longer to plan a page's query (about 1.4 ms) than to run it: each statement is prepared once per
# connection (connections are kept, CONN_MAX_AGE) and then only executed with its values. The filters, page size and
# order make a few shapes of SQL; the values (times, slugs, countries) are parameters. Session-level prepared
# statements need a direct connection or a pooler in session mode.

PREPARED_PER_CONNECTION = 64
_PLACEHOLDER = re.compile(r"%[%s]")


def execute_prepared(connection, cursor, sql: str, params: Sequence, *, generic_plan: bool = False) -> None:
    """Runs `sql` (with Django's %s placeholders) as a statement prepared on this connection: one round trip, the
    first time too (PREPARE and EXECUTE go together).

    `generic_plan`: the statement's best plan is the same whatever its values (a whole collection read off one of
    its indexes), so PostgreSQL plans it once. Otherwise PostgreSQL chooses, as it does, and may plan each execution
    anew: a page of one country, or of a search, may want a plan of its own."""
    raw = connection.connection
    before = ""
    if getattr(connection, "prepared_for", None) is not raw:  # a new connection knows none of them
        connection.prepared_for, connection.prepared_statements = raw, OrderedDict()
    elif connection.prepared_statements is None:  # a statement failed: start again from none
        connection.prepared_statements = OrderedDict()
        before = "DEALLOCATE ALL; "
    statements: OrderedDict = connection.prepared_statements
    name = statements.get(sql)
    if name is None:
        name = "page_" + hashlib.blake2b(sql.encode(), digest_size=12).hexdigest()
        numbers = iter(range(1, len(params) + 1))
        dollar_sql = _PLACEHOLDER.sub(lambda match: "%" if match[0] == "%%" else f"${next(numbers)}", sql)
        before += f"PREPARE {name} AS {dollar_sql}; ".replace("%", "%%")
        statements[sql] = name
        if len(statements) > PREPARED_PER_CONNECTION:
            before = f"DEALLOCATE {statements.popitem(last=False)[1]}; " + before
    else:
        statements.move_to_end(sql)
    # Read by PostgreSQL at each EXECUTE; LOCAL to the statements sent together (one transaction), as a setting of
    # the session would be undone by a rollback unseen here.
    before = f"SET LOCAL plan_cache_mode = {'force_generic_plan' if generic_plan else 'auto'}; " + before
    arguments = f" ({', '.join(['%s'] * len(params))})" if params else ""
    try:
        cursor.execute(f"{before}EXECUTE {name}{arguments}", params)
    except DatabaseError:
        # The statements this connection prepared may be gone (a pooler's DISCARD ALL) or half there (a PREPARE
        # sent with an EXECUTE that failed): the next one drops them all and prepares again what it needs.
        connection.prepared_statements = None
        raise


# Values left for Python ------------------------------------------------------------------------------------------
# PostgreSQL writes such a value as JSON between two control characters, which JSON only ever writes escaped: no
# other value of the page can hold them, and one pass over the page's text finds every one.

_LEFT_FOR_PYTHON = re.compile("\x01([^\x02]*)\x02")


def left_for_python(expression: str) -> str:
    """A value of the row that Python writes into the page (`RowJSON.write_left`)."""
    return f"chr(1) || to_json({expression})::text || chr(2)"


def written_by_python(page: str, write: Callable[[Any], str]) -> str:
    """The page with each value left for Python replaced by the JSON `write` gives for it."""
    return _LEFT_FOR_PYTHON.sub(lambda found: write(orjson.loads(found[1])), page)


def page_body(links: dict, rows: bytes, *, results: str = "results") -> RenderedJSON:
    """`{"count", "next", "previous", "results": [rows]}`, as the paginator's response gives it."""
    return RenderedJSON(orjson.dumps(links)[:-1] + f',"{results}":['.encode() + rows + b"]}")


def feature_collection_body(links: dict, features: bytes) -> RenderedJSON:
    """`{"type": "FeatureCollection", "features": [features], "count", "next", "previous"}`."""
    return RenderedJSON(b'{"type":"FeatureCollection","features":[' + features + b"]," + orjson.dumps(links)[1:])


# How a column is written, as orjson writes what the serializers give -------------------------------------------
# Every helper returns a text expression, never NULL: a missing value is `null`.


def text(column: str) -> str:
    """A string (PostgreSQL escapes as orjson does: \\" \\\\ \\n \\r \\t \\b \\f and \\u00XX; the rest as is)."""
    return f"COALESCE(to_json({column})::text, 'null')"


def number(column: str) -> str:
    return f"COALESCE(({column})::text, 'null')"


def date(column: str) -> str:
    return f"""COALESCE('"' || to_char({column}, 'YYYY-MM-DD') || '"', 'null')"""


def timestamp(column: str, *, utc: str) -> str:
    """An aware time in UTC as Python's isoformat writes it: microseconds only when there are some; `utc` is the
    offset's spelling (orjson writes +00:00, DRF's DateTimeField Z). ".000000" can only be the fraction."""
    return (
        f"""COALESCE('"' || replace(to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), """
        f"""'.000000', '') || '{utc}"', 'null')"""
    )


def decimal_as_float(column: str) -> str:
    """A numeric(_, 6) column as orjson writes float(Decimal): its digits without trailing zeros (90.0, 34.385203),
    except the few below 1e-5, which orjson writes as 1e-6 to 9e-6."""
    return (
        f"CASE WHEN {column} IS NULL THEN 'null' "
        f"WHEN {column} <> 0 AND abs({column}) < 0.00001 "
        f"THEN CASE WHEN {column} < 0 THEN '-' ELSE '' END || (abs({column}) * 1000000)::int::text || 'e-6' "
        f"WHEN scale(trim_scale({column})) = 0 THEN trim_scale({column})::text || '.0' "
        f"ELSE trim_scale({column})::text END"
    )


def looked_up(mapping: str, column: str, default: str) -> tuple[str, list[str]]:
    """The JSON text that `mapping` (a JSON object of texts, from values to JSON) gives for the column's value, or
    `default` (an expression), and its parameter."""
    return f"COALESCE(%s::jsonb ->> ({column}), {default})", [mapping]


def concatenated(*parts: str | tuple[str, list]) -> tuple[str, list]:
    """One text expression of literal JSON pieces (str) and written values ((expression, params))."""
    sql, params = [], []
    for part in parts:
        if isinstance(part, tuple):
            sql.append(f"({part[0]})")
            params += part[1]
        else:
            sql.append(quoted(part))
    return " || ".join(sql), params


def quoted(literal: str) -> str:
    """An SQL string literal (the `%` doubled: the query has parameters)."""
    return "'" + literal.replace("'", "''").replace("%", "%%") + "'"


def object_of(fields: Sequence[tuple[str, str | tuple[str, list]]]) -> tuple[str, list]:
    """A JSON object, keys in this order: each field is (key, expression or (expression, params))."""
    parts: list[str | tuple[str, list]] = []
    for index, (key, value) in enumerate(fields):
        parts.append(("{" if index == 0 else ",") + orjson.dumps(key).decode() + ":")
        parts.append(value if isinstance(value, tuple) else (value, []))
    parts.append("}")
    return concatenated(*parts)
