"""The statements of one delivery, written by hand: claiming it (with what its POST needs), logging the attempt and
concluding it. Only `services.delivery_attempt` uses them.

A worker delivering a burst of events shares the machine's CPU with the portal's requests. Compiled by the ORM on
each delivery, its five queries (the `due()` filter with its two subqueries above all) took about 5 of the 7 ms of
CPU a delivery cost (`bench/webhook_delivery_cpu.py --profile`); written here once, they are four statements,
prepared once per connection on PostgreSQL (planned once, not on every delivery). The claim is
`DeliveryQuerySet.due` in SQL, one delivery at a time: a test keeps the two alike on deliveries in every state.

Plain SQL that PostgreSQL and SQLite (3.35 or later: RETURNING) both run. Times go in through the backend's
adaptation and are compared in SQL, never read back, so both databases give the same answers.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from icp_portal.api.prerendered import execute_prepared
from outbox.fields import decrypt
from partners.models import PartnerKey

from .choices import DeliveryStatus
from .models import Delivery, DeliveryAttempt, Event, Subscription


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _time(value: datetime) -> object:
    return connection.ops.adapt_datetimefield_value(value)


def _execute(cursor, sql: str, params: list) -> None:
    """On PostgreSQL, as a statement prepared once per connection: planned once, not on every delivery (half the
    database's CPU for these statements)."""
    if connection.vendor == "postgresql":
        execute_prepared(connection, cursor, sql, params)
    else:
        cursor.execute(sql, params)


DELIVERY, EVENT = _table(Delivery), _table(Event)
SUBSCRIPTION, PARTNER_KEY, ATTEMPT = _table(Subscription), _table(PartnerKey), _table(DeliveryAttempt)
PENDING, DELIVERED, FAILED = DeliveryStatus.PENDING.value, DeliveryStatus.DELIVERED.value, DeliveryStatus.FAILED.value

# Due (as DeliveryQuerySet.due says): pending, its time come, not held by a worker whose lease still runs, its
# subscription active and its key not revoked, and no earlier event of its city pending for the same subscription.
# Conditions on the updated row itself, so that of two workers claiming at once, the second, once the first has
# committed, sees the lease and claims nothing (PostgreSQL checks them again on the row it waited for).
CLAIM = f"""
UPDATE {DELIVERY} SET claimed_until = %s, attempts = attempts + 1
WHERE id = %s AND status = '{PENDING}' AND next_attempt_at <= %s AND (claimed_until IS NULL OR claimed_until <= %s)
AND EXISTS (
    SELECT 1 FROM {SUBSCRIPTION} AS s JOIN {PARTNER_KEY} AS k ON k.id = s.partner_key_id
    WHERE s.id = {DELIVERY}.subscription_id AND s.is_active AND k.revoked_at IS NULL
)
AND NOT EXISTS (
    SELECT 1 FROM {DELIVERY} AS earlier
    JOIN {EVENT} AS earlier_event ON earlier_event.id = earlier.event_id
    JOIN {EVENT} AS this_event ON this_event.id = {DELIVERY}.event_id
    WHERE earlier.subscription_id = {DELIVERY}.subscription_id AND earlier.status = '{PENDING}'
    AND earlier.event_id < {DELIVERY}.event_id AND earlier_event.city_key = this_event.city_key
)
RETURNING attempts, event_id, subscription_id, COALESCE(failing_since, %s) <= %s
"""

# What the POST needs. The payload as the database keeps it (text: read as JSON by no one here).
LOAD = f"""
SELECT e.uid, e.payload, e.city_key, s.target_url, s.secret, s.previous_secret,
       s.previous_secret_expires_at IS NOT NULL AND s.previous_secret_expires_at > %s
FROM {EVENT} AS e, {SUBSCRIPTION} AS s WHERE e.id = %s AND s.id = %s
"""

LOG = f"""
INSERT INTO {ATTEMPT} (delivery_id, number, attempted_at, status_code, duration_ms, response_excerpt, error)
VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id
"""

# Delivered, or refused for good: the next pending event of the same city for the same subscription may go.
CONCLUDE = f"""
UPDATE {DELIVERY} SET status = %s, claimed_until = NULL, failing_since = NULL, delivered_at = %s WHERE id = %s
RETURNING (
    SELECT following.id FROM {DELIVERY} AS following JOIN {EVENT} AS e ON e.id = following.event_id
    WHERE following.subscription_id = %s AND following.status = '{PENDING}' AND e.city_key = %s
    AND following.event_id > %s ORDER BY following.event_id LIMIT 1
)
"""

# Failed again, within the retry window: tried again at `next_attempt_at`.
RETRY = f"""
UPDATE {DELIVERY} SET claimed_until = NULL, failing_since = COALESCE(failing_since, %s), next_attempt_at = %s
WHERE id = %s
"""


@dataclass(frozen=True)
class Claimed:
    """A delivery this worker holds, with what its POST needs."""

    delivery_id: int
    attempt_number: int
    subscription_id: int
    event_id: int
    webhook_id: str
    payload: str
    city_key: str
    target_url: str
    secrets_signing: list[str]  # the current secret, then the previous one while it still signs
    retry_window_over: bool  # its failures (this attempt, if it is the first) began at or before the window's start


def _webhook_id(uid) -> str:
    return f"msg_{(uid if isinstance(uid, uuid.UUID) else uuid.UUID(uid)).hex}"  # as Event.webhook_id


def delivery_claim(
    *, delivery_id: int, now: datetime, lease_until: datetime, retry_window_start: datetime
) -> Claimed | None:
    """Takes the delivery for this worker until `lease_until` and counts the attempt; None when it is not due."""
    with connection.cursor() as cursor:
        _execute(
            cursor,
            CLAIM,
            [_time(lease_until), delivery_id, _time(now), _time(now), _time(now), _time(retry_window_start)],
        )
        claimed = cursor.fetchone()
        if claimed is None:
            return None
        attempt_number, event_id, subscription_id, retry_window_over = claimed
        _execute(cursor, LOAD, [_time(now), event_id, subscription_id])
        uid, payload, city_key, target_url, secret, previous_secret, previous_signs = cursor.fetchone()
    secrets_signing = [decrypt(secret)] + ([decrypt(previous_secret)] if previous_secret and previous_signs else [])
    return Claimed(
        delivery_id=delivery_id,
        attempt_number=attempt_number,
        subscription_id=subscription_id,
        event_id=event_id,
        webhook_id=_webhook_id(uid),
        payload=payload,
        city_key=city_key,
        target_url=target_url,
        secrets_signing=secrets_signing,
        retry_window_over=bool(retry_window_over),
    )


def attempt_log(attempt: DeliveryAttempt) -> DeliveryAttempt:
    """Writes the attempt (a new, unsaved row) and returns it with its id."""
    with connection.cursor() as cursor:
        _execute(
            cursor,
            LOG,
            [
                attempt.delivery_id,
                attempt.number,
                _time(attempt.attempted_at),
                attempt.status_code,
                attempt.duration_ms,
                attempt.response_excerpt,
                attempt.error,
            ],
        )
        attempt.pk = cursor.fetchone()[0]
    attempt._state.adding = False
    return attempt


def delivery_conclude(*, claimed: Claimed, delivered: bool, now: datetime) -> int | None:
    """Marks the delivery delivered (or failed, when refused for good) and lets it go; returns the next pending
    delivery of the same city to the same subscription, now free to go, if there is one."""
    with connection.cursor() as cursor:
        _execute(
            cursor,
            CONCLUDE,
            [
                DELIVERED if delivered else FAILED,
                _time(now) if delivered else None,
                claimed.delivery_id,
                claimed.subscription_id,
                claimed.city_key,
                claimed.event_id,
            ],
        )
        return cursor.fetchone()[0]


def delivery_retry_later(*, claimed: Claimed, attempted_at: datetime, retry_at: datetime) -> None:
    """Lets the delivery go until `retry_at`; its failures began with this attempt if not before."""
    with connection.cursor() as cursor:
        _execute(cursor, RETRY, [_time(attempted_at), _time(retry_at), claimed.delivery_id])
