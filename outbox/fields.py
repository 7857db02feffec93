"""The text of stored e-mails, encrypted at rest.

A message carries secrets (password-reset, sign-up and invitation links) until it is sent. The database, its
backups and anyone who can read a row see only a Fernet token (AES-128-CBC with HMAC-SHA256). The key is derived
from SECRET_KEY with HKDF-SHA256 (salt `icp-portal`, info `outbox.OutboundEmail body`, 32 bytes, URL-safe base64):
a new SECRET_KEY with the old one in SECRET_KEY_FALLBACKS still reads the messages written before the change."""

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

KEY_SALT = b"icp-portal"
KEY_INFO = b"outbox.OutboundEmail body"


class UnreadableBody(ValueError):
    """A stored message was encrypted with a key the portal no longer has (SECRET_KEY changed, the old one not
    kept in SECRET_KEY_FALLBACKS): it cannot be sent."""


def fernet_key(secret_key: str) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=KEY_SALT, info=KEY_INFO).derive(secret_key.encode())
    return base64.urlsafe_b64encode(derived)


@functools.lru_cache(maxsize=8)
def _fernet(secret_key: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    # The first key encrypts; every key decrypts.
    return MultiFernet([Fernet(fernet_key(key)) for key in (secret_key, *fallbacks)])


def current_fernet() -> MultiFernet:
    return _fernet(settings.SECRET_KEY, tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ())))


def encrypt(text: str) -> str:
    # Empty stays empty: a message whose text was dropped after sending reads as blank, not as a token.
    return current_fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return current_fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise UnreadableBody("The stored e-mail was encrypted with a key this server does not have.") from error


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database and read back as plain text. It cannot be searched or filtered on."""

    def from_db_value(self, value, expression, connection):
        return value if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None else encrypt(value)
