"""Webhooks' workflows: subscribing, recording events with the change that causes them, delivering and redelivering.

Public interface (typed, keyword-only; the partner API and admin call these, and hold no rule themselves):
subscription_create, subscription_update, subscription_secret_rotate, subscription_disable, subscription_enable,
event_record, delivery_attempt, event_redeliver, events_redeliver_since, deliveries_due_send.

Delivery (decided for issue 16): every delivery is its own Celery task (`deliver_webhook`, acks_late), queued after
the transaction commits; with a broker a portal request only publishes ids. Without one (`make run`, tasks
in-process) the deliveries of a transaction run in a daemon thread started after commit, so a request never waits
for a receiver either; retries then come from the sweep (`send_due_webhooks`, Celery beat every minute), which also
takes back deliveries whose worker died (their lease, WEBHOOKS_CLAIM_SECONDS, ran out).
"""

import functools
import logging
import random
import socket
import ssl
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime, timedelta

import httpx
import orjson
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox.compose import email_compose_and_queue, recipient_language
from partners.models import PartnerKey

from . import delivery_sql
from .choices import DeliveryStatus, EventType
from .models import RESPONSE_EXCERPT_CHARS, Delivery, DeliveryAttempt, Event, Subscription
from .payloads import api_url
from .signing import secret_generate, signature_header
from .targets import Target, WebhookTargetRefused, target_check

logger = logging.getLogger(__name__)

__all__ = [
    "WebhookTargetRefused",
    "deliveries_due_send",
    "delivery_attempt",
    "event_record",
    "event_redeliver",
    "events_redeliver_since",
    "subscription_create",
    "subscription_disable",
    "subscription_enable",
    "subscription_secret_rotate",
    "subscription_update",
]

# Backoff: 30 s, 1 min, 2 min, ... at most 4 h between attempts, each moved by up to a fifth either way so a
# receiver that comes back is not hit by every delivery in the same second. About 14 attempts in a day.
RETRY_FIRST_SECONDS = 30
RETRY_LONGEST_SECONDS = 4 * 60 * 60
RETRY_JITTER = 0.2
# How much of an answer is read: enough for the log's excerpt; a receiver that sends more is not waited for.
RESPONSE_READ_BYTES = 16 * 1024
USER_AGENT = "ICP-Portal-Webhooks/1"
SWEEP_BATCH = 500
# The name of the threads that deliver without a broker (`make run`).
DELIVERY_THREAD = "webhook-deliveries"
# A burst sends many events to the same receivers: each worker thread keeps its connection to a receiver open for
# the next delivery (a TLS handshake costs the worker more CPU than the rest of a delivery), idle for at most
# KEEPALIVE_SECONDS: less than servers keep an idle connection (gunicorn 2 s, Node 5 s), so that the portal seldom
# sends on a connection the receiver is closing (that delivery would fail as a network error, and be retried).
KEEPALIVE_SECONDS = 1.0
CLIENTS_PER_THREAD = 8
_thread_clients = threading.local()


def _events_clean(events: Iterable[str]) -> list[str]:
    chosen = sorted(set(events))
    unknown = set(chosen) - set(EventType.values)
    if unknown or not chosen:
        raise ValueError(_("Choose one or more of: %(types)s.") % {"types": ", ".join(EventType.values)})
    return chosen


@transaction.atomic
def subscription_create(
    *, partner_key: PartnerKey, target_url: str, events: Iterable[str], contact_email: str
) -> tuple[Subscription, str]:
    """A new active subscription and its secret, returned this once (the row keeps it encrypted). Refused
    (WebhookTargetRefused, ValueError) for a target that is not public or https, or for unknown events."""
    target_check(target_url)
    secret = secret_generate()
    subscription = Subscription.objects.create(
        partner_key=partner_key,
        target_url=target_url,
        events=_events_clean(events),
        contact_email=contact_email,
        secret=secret,
    )
    return subscription, secret


@transaction.atomic
def subscription_update(
    *,
    subscription: Subscription,
    target_url: str | None = None,
    events: Iterable[str] | None = None,
    contact_email: str | None = None,
) -> Subscription:
    """Changes where and what a subscription receives; a new target is checked as at subscription."""
    if target_url is not None and target_url != subscription.target_url:
        target_check(target_url)
        subscription.target_url = target_url
    if events is not None:
        subscription.events = _events_clean(events)
    if contact_email is not None:
        subscription.contact_email = contact_email
    subscription.save(update_fields=["target_url", "events", "contact_email", "updated_at"])
    return subscription


@transaction.atomic
def subscription_secret_rotate(*, subscription: Subscription) -> str:
    """A new secret signs from now on; the one it replaces signs too (a second `v1,` signature) for
    WEBHOOKS_PREVIOUS_SECRET_HOURS, so the partner can switch without losing a delivery. Returns the new secret,
    shown this once."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    new_secret = secret_generate()
    subscription.previous_secret = subscription.secret
    subscription.previous_secret_expires_at = timezone.now() + timedelta(hours=settings.WEBHOOKS_PREVIOUS_SECRET_HOURS)
    subscription.secret = new_secret
    subscription.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"])
    return new_secret


@transaction.atomic
def subscription_disable(*, subscription: Subscription, reason: str, notify: bool = False) -> Subscription:
    """Stops deliveries (they stay pending, and resume when the subscription is enabled again). With `notify`, the
    partner's contact is e-mailed why."""
    updated = Subscription.objects.filter(pk=subscription.pk, is_active=True).update(
        is_active=False, disabled_reason=reason[:300], disabled_at=timezone.now(), updated_at=timezone.now()
    )
    subscription.refresh_from_db()
    if updated and notify:
        email_compose_and_queue(
            template_prefix="webhooks/email/subscription_disabled",
            context={
                "subscription": subscription,
                "organisation": subscription.partner_key.organisation,
                "subscription_url": api_url(f"webhooks/{subscription.pk}/"),
            },
            to=subscription.contact_email,
            language=recipient_language(),
        )
    return subscription


@transaction.atomic
def subscription_enable(*, subscription: Subscription) -> Subscription:
    """Delivers again, starting with what waited; the retry window starts afresh."""
    target_check(subscription.target_url)
    now = timezone.now()
    Subscription.objects.filter(pk=subscription.pk).update(
        is_active=True, disabled_reason="", disabled_at=None, updated_at=now
    )
    waiting = Delivery.objects.pending().filter(subscription=subscription)
    waiting.update(failing_since=None, next_attempt_at=now)
    _queue_after_commit(list(waiting.values_list("pk", flat=True)))
    subscription.refresh_from_db()
    return subscription


def event_record(*, event_type: str, payload: dict, city_key: str) -> Event:
    """Records the event and a delivery to each subscription to its type (a disabled one's waits until it is enabled),
    in the caller's transaction; the deliveries are queued once it commits (and never, if it rolls back)."""
    event = Event.objects.create(type=event_type, payload=payload, city_key=city_key)
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(subscription=subscription, event=event, next_attempt_at=now)
            for subscription in Subscription.objects.listening_to(event_type)
        ]
    )
    _queue_after_commit([delivery.pk for delivery in deliveries])
    return event


def _queue_after_commit(delivery_ids: list[int]) -> None:
    if delivery_ids:
        transaction.on_commit(lambda: _queue(delivery_ids))


def _queue(delivery_ids: list[int]) -> None:
    """Hands the deliveries to workers without waiting for any receiver. Without a broker, to a thread."""
    from .tasks import deliver_webhook

    if deliver_webhook.app.conf.task_always_eager:
        threading.Thread(target=_deliver_in_thread, args=(delivery_ids,), name=DELIVERY_THREAD, daemon=True).start()
        return
    for delivery_id in delivery_ids:
        try:
            deliver_webhook.apply_async((delivery_id,), queue=settings.WEBHOOKS_QUEUE)
        except Exception:  # noqa: BLE001 - broker down: the delivery waits in its table for the sweep
            logger.warning("Webhook delivery %s not queued; the sweep sends it", delivery_id, exc_info=True)


def _deliver_in_thread(delivery_ids: list[int]) -> None:
    try:
        for delivery_id in delivery_ids:
            try:
                delivery_attempt(delivery_id=delivery_id)
            except Exception:  # noqa: BLE001 - one receiver's trouble must not stop the others
                logger.exception("Webhook delivery %s failed", delivery_id)
    finally:
        connection.close()


def _retry_delay(attempt_number: int) -> float:
    base = min(RETRY_FIRST_SECONDS * 2 ** (attempt_number - 1), RETRY_LONGEST_SECONDS)
    return base * random.uniform(1 - RETRY_JITTER, 1 + RETRY_JITTER)  # noqa: S311 - jitter, not a secret


@functools.cache
def _tls_context(ca_file: str) -> ssl.SSLContext:
    """One TLS context for every delivery, the one httpx builds by default (certifi's CA bundle), or trusting only
    the authorities of WEBHOOKS_CA_FILE (tests): building it loads the bundle, about 30 ms of CPU, which a worker
    delivering a burst of events would otherwise take from the portal's requests on the same machine."""
    return ssl.create_default_context(cafile=ca_file) if ca_file else httpx.create_ssl_context()


def _client(target: Target) -> httpx.Client:
    """This thread's HTTP client for the target's scheme, name, checked address and port. Its kept connection serves
    only the same name (the one TLS verified the certificate for) at the same address, one delivery at a time; the
    address is still checked before each delivery, and a new one gets a client of its own."""
    clients = getattr(_thread_clients, "by_target", None)
    if clients is None:
        clients = _thread_clients.by_target = OrderedDict()
    key = (target.scheme, target.host, target.address, target.port, settings.WEBHOOKS_CA_FILE)
    client = clients.get(key)
    if client is None:
        client = clients[key] = httpx.Client(
            follow_redirects=False,
            trust_env=False,
            transport=httpx.HTTPTransport(
                verify=_tls_context(settings.WEBHOOKS_CA_FILE),
                limits=httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=KEEPALIVE_SECONDS),
                # The headers and the body go in two writes: on a kept connection, Nagle's algorithm would hold the
                # body until the receiver acknowledges the headers, which it delays (40 ms on Linux).
                socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
            ),
        )
        if len(clients) > CLIENTS_PER_THREAD:
            clients.popitem(last=False)[1].close()
    else:
        clients.move_to_end(key)
    return client


def _post(target: Target, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POSTs to the checked address (not the name again), with the name as Host and TLS server name. Returns the
    status and the start of the answer; redirects are not followed; at most RESPONSE_READ_BYTES are read, within
    WEBHOOKS_TIMEOUT_SECONDS in all."""
    timeout = settings.WEBHOOKS_TIMEOUT_SECONDS
    address = f"[{target.address}]" if ":" in target.address else target.address
    url = f"{target.scheme}://{address}:{target.port}{target.path}"
    default_port = 443 if target.scheme == "https" else 80
    host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
    deadline = time.monotonic() + timeout
    client = _client(target)
    request = client.build_request(
        "POST",
        url,
        content=body,
        headers={**headers, "Host": host_header},
        timeout=timeout,
        extensions={"sni_hostname": target.host} if target.scheme == "https" else {},
    )
    response = client.send(request, stream=True)
    try:
        received = b""
        for chunk in response.iter_raw():
            received += chunk
            if len(received) >= RESPONSE_READ_BYTES or time.monotonic() > deadline:
                break
    finally:
        response.close()  # the connection is kept only when the whole answer was read
    return response.status_code, received[:RESPONSE_READ_BYTES].decode("utf-8", errors="replace")


def delivery_attempt(*, delivery_id: int) -> DeliveryAttempt | None:
    """One POST of one delivery, logged. None when the delivery is not due: delivered or failed already, held by
    another worker whose lease has not run out, its subscription disabled, or an earlier event of its city still
    pending for the same subscription (the order per city is kept).

    Claimed with a conditional UPDATE (a lease of WEBHOOKS_CLAIM_SECONDS), so two workers never send it at once; a
    worker killed before the result is written leaves a lease that runs out, and the sweep sends it again. Four
    statements written by hand (delivery_sql.py): claim, load, log, conclude; the ORM's compiling of them cost most
    of a delivery's CPU."""
    now = timezone.now()
    claimed = delivery_sql.delivery_claim(
        delivery_id=delivery_id,
        now=now,
        lease_until=now + timedelta(seconds=settings.WEBHOOKS_CLAIM_SECONDS),
        retry_window_start=now - timedelta(hours=settings.WEBHOOKS_RETRY_HOURS),
    )
    if claimed is None:
        return None
    # The bytes signed and sent: the stored JSON written compactly, as the API writes it.
    body = orjson.dumps(orjson.loads(claimed.payload))
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": claimed.webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(
            secrets_signing=claimed.secrets_signing, message_id=claimed.webhook_id, timestamp=timestamp, body=body
        ),
    }
    status_code, excerpt, error = None, "", ""
    started = time.monotonic()
    try:
        target = target_check(claimed.target_url)  # again: the name may point elsewhere since subscription
        status_code, excerpt = _post(target, body, headers)
    except WebhookTargetRefused as refused:
        error = str(refused)
    except httpx.HTTPError as failure:
        error = f"{type(failure).__name__}: {failure}" if str(failure) else type(failure).__name__
    attempt = delivery_sql.attempt_log(
        DeliveryAttempt(
            delivery_id=delivery_id,
            number=claimed.attempt_number,
            attempted_at=now,
            status_code=status_code,
            duration_ms=int((time.monotonic() - started) * 1000),
            response_excerpt=excerpt[:RESPONSE_EXCERPT_CHARS],
            error=error[:500],
        )
    )
    _delivery_conclude(claimed, attempt)
    return attempt


def _delivery_conclude(claimed: delivery_sql.Claimed, attempt: DeliveryAttempt) -> None:
    code = attempt.status_code
    retryable = code is None or code >= 500 or code == 429
    if attempt.succeeded or not retryable:
        # Delivered, or refused for good (4xx, a redirect): the next event of the city may go.
        following = delivery_sql.delivery_conclude(claimed=claimed, delivered=attempt.succeeded, now=timezone.now())
        if following:
            _queue([following])
        return
    if claimed.retry_window_over:
        with transaction.atomic():
            Delivery.objects.filter(pk=claimed.delivery_id).update(status=DeliveryStatus.FAILED, claimed_until=None)
            subscription_disable(
                subscription=Subscription.objects.get(pk=claimed.subscription_id),
                reason=_("Deliveries failed for %(hours)s hours; the last: %(error)s")
                % {"hours": f"{settings.WEBHOOKS_RETRY_HOURS:g}", "error": attempt.error or f"HTTP {code}"},
                notify=True,
            )
        return
    delay = _retry_delay(attempt.number)
    delivery_sql.delivery_retry_later(
        claimed=claimed, attempted_at=attempt.attempted_at, retry_at=timezone.now() + timedelta(seconds=delay)
    )
    from .tasks import deliver_webhook

    if not deliver_webhook.app.conf.task_always_eager:
        try:
            deliver_webhook.apply_async((claimed.delivery_id,), countdown=delay, queue=settings.WEBHOOKS_QUEUE)
        except Exception:  # noqa: BLE001 - the sweep finds it when it is due
            logger.warning("Webhook retry %s not queued; the sweep sends it", claimed.delivery_id, exc_info=True)


def _deliveries_reset(deliveries: Iterable[Delivery]) -> list[int]:
    now = timezone.now()
    ids = [delivery.pk for delivery in deliveries]
    Delivery.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, next_attempt_at=now, failing_since=None, delivered_at=None
    )
    _queue_after_commit(ids)
    return ids


@transaction.atomic
def event_redeliver(*, subscription: Subscription, event: Event) -> Delivery:
    """Sends the event to the subscription again, with the same webhook-id (receivers drop what they have seen)."""
    delivery, _created = Delivery.objects.get_or_create(
        subscription=subscription, event=event, defaults={"next_attempt_at": timezone.now()}
    )
    _deliveries_reset([delivery])
    delivery.refresh_from_db()
    return delivery


@transaction.atomic
def events_redeliver_since(*, subscription: Subscription, since: datetime) -> int:
    """Sends again every event since `since` of the types the subscription listens to; returns how many."""
    events = Event.objects.filter(created_at__gte=since, type__in=subscription.events).order_by("id")
    existing = {d.event_id: d for d in Delivery.objects.filter(subscription=subscription, event__in=events)}
    missing = [
        Delivery(subscription=subscription, event_id=event_id, next_attempt_at=timezone.now())
        for event_id in events.values_list("pk", flat=True)
        if event_id not in existing
    ]
    Delivery.objects.bulk_create(missing)
    deliveries = Delivery.objects.filter(subscription=subscription, event__in=events)
    return len(_deliveries_reset(deliveries))


def deliveries_due_send(*, now: datetime | None = None) -> int:
    """The sweep: queues every delivery that is due (a retry whose time came, one the broker never got, one whose
    worker died and whose lease ran out). Returns how many were queued."""
    due = Delivery.objects.due(now or timezone.now()).order_by("event_id").values_list("pk", flat=True)
    ids = list(due[:SWEEP_BATCH])
    if ids:
        _queue(ids)
    return len(ids)
