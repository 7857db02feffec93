"""Partner API keys: issue, check, revoke. The key itself exists only in the answer to whoever created it."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import PartnerKey

# A key's last use is written at most this often: a partner's sync must not cost a write per request.
LAST_USED_PRECISION = timedelta(minutes=1)
KEY_SEPARATOR = "."


def key_hash(key: str) -> str:
    # The secret has 256 bits of entropy: a fast hash is enough, no password-style stretching needed.
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def partner_key_issue(*, partner_key: PartnerKey) -> str:
    """Gives an unsaved key its secret, saves it and returns the key, which is never stored nor shown again."""
    prefix = secrets.token_hex(4)
    while PartnerKey.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    key = f"{prefix}{KEY_SEPARATOR}{secrets.token_urlsafe(32)}"
    partner_key.prefix = prefix
    partner_key.key_hash = key_hash(key)
    partner_key.save()
    return key


def partner_key_create(*, organisation: str) -> tuple[PartnerKey, str]:
    partner_key = PartnerKey(organisation=organisation.strip())
    key = partner_key_issue(partner_key=partner_key)
    return partner_key, key


def partner_key_find(key: str) -> PartnerKey | None:
    """The key's row if the key is genuine (revoked or not), else None. One query."""
    prefix, separator, _secret = key.partition(KEY_SEPARATOR)
    if not separator or not prefix:
        return None
    partner_key = PartnerKey.objects.filter(prefix=prefix).first()
    if partner_key is None or not hmac.compare_digest(partner_key.key_hash, key_hash(key)):
        return None
    return partner_key


def partner_key_revoke(*, partner_key: PartnerKey) -> PartnerKey:
    if partner_key.revoked_at is None:
        partner_key.revoked_at = timezone.now()
        partner_key.save(update_fields=["revoked_at"])
    return partner_key


def partner_key_mark_used(*, partner_key: PartnerKey, now: datetime | None = None) -> None:
    """Records the key's use, at most once a minute; the conditional UPDATE keeps concurrent workers to one write."""
    now = now or timezone.now()
    stale_before = now - LAST_USED_PRECISION
    if partner_key.last_used_at is not None and partner_key.last_used_at >= stale_before:
        return
    PartnerKey.objects.filter(pk=partner_key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale_before)
    ).update(last_used_at=now)
    partner_key.last_used_at = now
