"""The shared default cache in Redis (DJANGO_CACHE_URL), which the portal can do without.

What lives there (the sign-in lock, the API's rate counters) must not take the portal down with it: when Redis
does not answer, each call answers as Django's DummyCache does (nothing stored, nothing found), and for a few
seconds after a failure this process does not even ask, so a frozen Redis costs one socket timeout, not one per
call. Limits then count nothing until Redis is back: a short pause in protection, never a refused sign-in or a 500.
"""

import logging
import time

from django_redis.cache import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds this process leaves Redis alone after a call failed.
PAUSE_AFTER_FAILURE = 5.0


def _as_dummy_cache(method: str, answer):
    """A method of RedisCache that, when Redis cannot be reached, gives `answer(*args, **kwargs)` instead."""

    def call(self, *args, **kwargs):
        if time.monotonic() < RedisCacheOrNothing.paused_until:
            return answer(*args, **kwargs)
        try:
            return getattr(RedisCache, method)(self, *args, **kwargs)
        except RedisError as error:
            RedisCacheOrNothing.paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
            logger.warning("Cache unreachable, going on without it for %s s: %s", PAUSE_AFTER_FAILURE, error)
            return answer(*args, **kwargs)

    call.__name__ = method
    return call


def _not_found(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found")  # as DummyCache.incr


def _default(key, default=None, *args, **kwargs):
    return default


class RedisCacheOrNothing(RedisCache):
    """django-redis, except that a Redis out of reach is an empty cache (see the module's docstring).

    Needs OPTIONS["IGNORE_EXCEPTIONS"] off (the default), so that failures reach it."""

    paused_until = 0.0  # per process

    get = _as_dummy_cache("get", _default)
    add = _as_dummy_cache("add", lambda *args, **kwargs: True)  # "stored": a lock taken here never blocks anyone
    set = _as_dummy_cache("set", lambda *args, **kwargs: True)
    incr = _as_dummy_cache("incr", _not_found)
    delete = _as_dummy_cache("delete", lambda *args, **kwargs: False)
    get_many = _as_dummy_cache("get_many", lambda *args, **kwargs: {})
    set_many = _as_dummy_cache("set_many", lambda *args, **kwargs: [])
    delete_many = _as_dummy_cache("delete_many", lambda *args, **kwargs: 0)
    has_key = _as_dummy_cache("has_key", lambda *args, **kwargs: False)
    touch = _as_dummy_cache("touch", lambda *args, **kwargs: False)
    clear = _as_dummy_cache("clear", lambda *args, **kwargs: None)
