"""What happens to member cities, for apps above that react (webhooks tells partners). Sent inside the transaction of
the change, so a receiver's rows commit or roll back with it.

- city_approved(city): a community became a member (sent at the end of `city_welcome`, once the city has its
  profile, proclamations and initiatives; or when staff add an active member in admin).
- city_profile_changed(city, fields): what a city shows of itself changed (dashboard, approval, staff in admin).
- city_status_changed(city, previous_status): active, inactive or withdrawn.

While a city is being welcomed (`city_welcome`), the changes of its welcome are part of its approval: receivers may
ask `welcome_deferred(city_id)` for a list of actions run right after city_approved, so what the welcome created is
told after the approval, not before it."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

city_approved = Signal()
city_profile_changed = Signal()
city_status_changed = Signal()

_WELCOMES: ContextVar[dict[int, list[Callable[[], None]]] | None] = ContextVar("city_welcomes", default=None)


@contextmanager
def city_welcome(city) -> Iterator[None]:
    """Wraps the steps that make a new member's records; on success sends city_approved, then the deferred actions."""
    deferred: list[Callable[[], None]] = []
    token = _WELCOMES.set({**(_WELCOMES.get() or {}), city.pk: deferred})
    try:
        yield
    finally:
        _WELCOMES.reset(token)
    city_approved.send(sender=type(city), city=city)
    for action in deferred:
        action()


def welcome_deferred(city_id: int) -> list[Callable[[], None]] | None:
    """The actions to run once the city's welcome ends, when it is being welcomed now; None otherwise."""
    return (_WELCOMES.get() or {}).get(city_id)
