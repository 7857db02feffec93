"""What the current transaction will do when it commits: the one place that reads Django's private list of
on-commit callbacks, so an upgrade that changes it breaks one helper and its test, not the services using it."""

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, transaction


def on_commit_callbacks_pending(using: str = DEFAULT_DB_ALIAS) -> list[Callable[[], object]]:
    """The callbacks registered with `transaction.on_commit` that the current transaction still holds, in the order
    they were registered; none outside a transaction (on_commit then runs a callback at once). Callbacks of a
    savepoint that was rolled back are gone from it, as Django drops them."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return []
    # Django keeps `run_on_commit` as (savepoint ids, callback, robust) tuples; it is not public API.
    return [entry[1] for entry in connection.run_on_commit]
