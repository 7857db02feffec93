"""Secrets and signatures as the Standard Webhooks specification says, so partners verify with its libraries.

A secret is `whsec_` and base64 of 32 random bytes. The signature of a message is `v1,` and base64 of
HMAC-SHA256(secret's bytes, "<webhook-id>.<webhook-timestamp>.<body>"); several, space-separated, while a rotated
secret still signs."""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def secret_generate() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signature_header(*, secrets_signing: list[str], message_id: str, timestamp: int, body: bytes) -> str:
    return " ".join(
        signature(secret=secret, message_id=message_id, timestamp=timestamp, body=body) for secret in secrets_signing
    )
