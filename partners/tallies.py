"""How many rows the partner API's collections hold, kept by PostgreSQL as rows change, for the pages' `count`.

Every page of the API carries `count` (the contract's envelope). Counting the rows reads all of them: 10,000 cities
or 25,000 initiatives cost 1-4 ms of PostgreSQL on every page, more than writing the page itself. The pages partners
ask most are the whole collection (the plain listing) and the nightly sync of it (`updated_since` alone), so for
those the count comes from a tally instead:

- a trigger on the collection's table adds a row to `partners.RowTally` for every statement that adds or removes
  rows the API shows (the `shown` condition; an update that changes it counts too), in the same transaction, so the
  sum of a collection's rows is exact in every snapshot (migration partners 0002 writes the triggers);
- a sync's window (`since <= updated_at < until`, after the cursor) is counted directly when it is small (a nightly
  sync: the rows changed since yesterday), as the whole tally less the rows outside it when those are few (a first
  sync of everything: the rows changed after `until`), and directly again when both are many.

Rows are only ever added to the tally, so two writers never wait on each other's counter; `fold_tallies` (beat)
sums each collection's rows into one. Other filters (a country, a search) count their rows, as before.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from .models import RowTally

# A sync's window, or the rows outside it, is "few" below this many rows: reading this many index entries costs a
# few hundredths of a millisecond.
DIRECT_COUNT_LIMIT = 100


@dataclass(frozen=True)
class Tally:
    """A collection of the API whose rows are tallied: `table` and `shown`, the SQL condition on one of its rows
    (unqualified columns) that its listing's queryset applies. The trigger of migration partners 0002 applies the
    same condition; tests/partners/test_tallies.py holds the tally to the queryset's count."""

    collection: str
    table: str
    shown: str = "TRUE"

    def total(self) -> tuple[str, list]:
        """An SQL expression: the rows of the collection."""
        return (
            f"(SELECT COALESCE(sum(tally.delta), 0)::bigint FROM {RowTally._meta.db_table} AS tally "
            "WHERE tally.collection = %s)",
            [self.collection],
        )

    def rows_since(self, since: datetime) -> tuple[str, tuple]:
        """A query of the collection's rows changed from `since`: their `row_id` and `row_updated_at`."""
        return (
            f"SELECT tallied.id AS row_id, tallied.updated_at AS row_updated_at FROM {self.table} AS tallied "
            f"WHERE {self.shown} AND tallied.updated_at >= %s",
            (since,),
        )

    def window_count(
        self,
        window: tuple[str, tuple],
        *,
        since: datetime,
        until: datetime,
        after: tuple[datetime, int] | None,
    ) -> tuple[str, list]:
        """An SQL expression: the rows of `window` (a query of the collection's rows with `since <= updated_at <
        until`, after the cursor `after`), counted directly when they are few, else the total less the rows outside
        it when those are few, else counted directly."""
        window_sql, window_params = window
        total, total_params = self.total()
        if after is not None and after[0] >= since:
            # Every row up to the cursor is outside (those before `since` with them).
            before, before_params = "(outside.updated_at, outside.id) <= (%s, %s)", list(after)
        else:
            before, before_params = "outside.updated_at < %s", [since]
        outside = f"SELECT 1 FROM {self.table} AS outside WHERE {self.shown} AND "
        limit = DIRECT_COUNT_LIMIT

        def at_most_limit(rows: str) -> str:
            return f"(SELECT count(*) FROM ({rows} LIMIT {limit}) AS counted)"

        # Each count reads at most `limit` index entries, but the last, which reads the window: PostgreSQL computes
        # a branch of the CASE only when it gets there (OFFSET 0 keeps the outside rows one value, computed once).
        sql = (
            f"(SELECT CASE WHEN head.rows < {limit} THEN head.rows "
            f"WHEN outside.rows < {limit} THEN {total} - outside.rows "
            f"ELSE (SELECT count(*) FROM ({window_sql}) AS w) END "
            f"FROM {at_most_limit(f'SELECT 1 FROM ({window_sql}) AS w')} AS head (rows), "
            f"LATERAL (SELECT CASE WHEN head.rows < {limit} THEN 0 ELSE {at_most_limit(outside + before)} "
            f"+ {at_most_limit(outside + 'outside.updated_at >= %s')} END OFFSET 0) AS outside (rows))"
        )
        return sql, [*total_params, *window_params, *window_params, *before_params, until]


def fold_tallies() -> int:
    """Folds each collection's tally rows into one; the number of rows removed."""
    removed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for collection in RowTally.objects.values_list("collection", flat=True).distinct():
            # One statement: the rows it deletes are exactly those it sums, whatever is added meanwhile.
            cursor.execute(
                f"WITH folded AS (DELETE FROM {RowTally._meta.db_table} WHERE collection = %s RETURNING delta) "
                f"INSERT INTO {RowTally._meta.db_table} (collection, delta) "
                "SELECT %s, sum(delta) FROM folded HAVING count(*) > 0 RETURNING "
                "(SELECT count(*) FROM folded)",
                [collection, collection],
            )
            folded = cursor.fetchone()
            removed += folded[0] - 1 if folded else 0
    return removed


# The collections whose listing is tallied; their viewsets name them (`PartnerViewSet.tally`). Migration partners
# 0002 writes their triggers with the same tables and conditions.
CITIES = Tally("cities", "members_city")
INITIATIVES = Tally("initiatives", "initiatives_initiative")
# Proclamation.objects.public()
PUBLIC_PROCLAMATIONS = Tally("proclamations", "proclamations_proclamation", "is_public")
