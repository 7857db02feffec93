"""The address a request comes from, as every per-address limit and record here must see it.

Behind N reverse proxies of our own (settings.TRUSTED_PROXY_COUNT, from DJANGO_TRUSTED_PROXY_COUNT), REMOTE_ADDR is
the last proxy's address, the same for everyone; each proxy appends the address it received the request from to
X-Forwarded-For. Only those N right-most entries are ours: anything to their left the client wrote itself, and a
client that could choose its address would choose a new one for each request past a rate limit."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The N-th address from the right of X-Forwarded-For behind N trusted proxies; REMOTE_ADDR with none.

    A request that carries fewer entries than we have proxies, or a proxy's entry that is no address, did not come
    through all of them (or the count is wrong): its REMOTE_ADDR is then the one address nobody could forge."""
    remote_address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("X-Forwarded-For", "")
    if proxies <= 0 or not forwarded:
        return remote_address
    entries = [entry.strip() for entry in forwarded.split(",")]
    if len(entries) < proxies:
        return remote_address
    return valid_address(entries[-proxies]) or remote_address


def valid_address(text: str) -> str | None:
    """An IPv4 or IPv6 address in its canonical form (proxies may write IPv6 in brackets), or None."""
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
