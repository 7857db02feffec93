"""Where the portal may send a webhook: a public address, never the portal's own network.

A target is checked when it is subscribed and again before each delivery, and the delivery connects to the very
address that was checked (the name is not resolved a second time), so a name that resolves to a public address at
the check and to 127.0.0.1 or the cloud's metadata service a moment later (DNS rebinding) reaches nothing inside."""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class WebhookTargetRefused(ValueError):
    """The URL may not receive webhooks; the message says why."""


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (`address`) and what to say the host is (`host`, for Host and TLS SNI)."""

    url: str
    scheme: str
    host: str
    port: int
    address: str
    path: str


def _address_refused(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return not settings.WEBHOOKS_ALLOW_LOOPBACK
    # Private, link-local (169.254.169.254, the metadata service), shared, reserved, multicast, unspecified: not
    # global. fd00:ec2::254 (AWS metadata over IPv6) is a unique-local address: not global either.
    return not address.is_global or address.is_multicast


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise WebhookTargetRefused(_("The host name %(host)s could not be resolved.") % {"host": host}) from error
    # getaddrinfo may give an IPv6 address with its zone ("fe80::1%eth0"): the zone is not part of the address.
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]


def target_check(url: str) -> Target:
    """The checked target of the URL, or WebhookTargetRefused: https (http too where settings allow it), no user
    name or password, and every address the host resolves to public."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise WebhookTargetRefused(_("This is not a valid URL.")) from error
    allowed_schemes = {"https"} if settings.WEBHOOKS_REQUIRE_HTTPS else {"https", "http"}
    if parts.scheme not in allowed_schemes:
        raise WebhookTargetRefused(_("The target URL must start with https://."))
    if not parts.hostname:
        raise WebhookTargetRefused(_("The target URL has no host."))
    if parts.username or parts.password:
        raise WebhookTargetRefused(_("The target URL must not carry a user name or password."))
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = _resolve(parts.hostname, port)
    if not addresses or any(_address_refused(address) for address in addresses):
        raise WebhookTargetRefused(
            _("The target URL must be on a public address: %(host)s is private, loopback or link-local.")
            % {"host": parts.hostname}
        )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(url=url, scheme=parts.scheme, host=parts.hostname, port=port, address=str(addresses[0]), path=path)
