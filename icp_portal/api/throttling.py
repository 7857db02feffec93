"""Request rates of the partner API: anonymous clients by address, partners by key (named in settings)."""

import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from icp_portal.client_address import client_address
from partners.models import PartnerKey


class FixedWindowThrottle(BaseThrottle):
    """Counts requests per client in fixed windows (one cache increment per request, whatever the rate).

    The rate is read on each request from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]."""

    scope = ""

    def client(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        client = self.client(request)
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if client is None or not rate:
            return True
        allowed, seconds = parse_rate(rate)
        now = time.time()
        window = int(now // seconds)
        self.window_ends = (window + 1) * seconds
        self.now = now
        key = f"api-throttle:{self.scope}:{client}:{window}"
        cache.add(key, 0, timeout=seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=seconds + 1)
            count = 1
        return count <= allowed

    def wait(self) -> float:
        return max(1.0, self.window_ends - self.now)


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/minute" -> (60, 60): requests allowed, window length in seconds."""
    number, period = rate.split("/")
    return int(number), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


class AnonymousRateThrottle(FixedWindowThrottle):
    scope = "anonymous"

    def client(self, request) -> str | None:
        return None if isinstance(request.auth, PartnerKey) else self.get_ident(request)

    def get_ident(self, request) -> str:
        # DRF's own get_ident takes all of X-Forwarded-For when NUM_PROXIES is unset, and its left-most entry when
        # the header is shorter than the count: either lets a client name a new address for each request.
        return client_address(request)


class PartnerKeyRateThrottle(FixedWindowThrottle):
    scope = "partner"

    def client(self, request) -> str | None:
        return f"key{request.auth.pk}" if isinstance(request.auth, PartnerKey) else None
