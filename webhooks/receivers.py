"""Receivers of the lower apps' signals: each records an event inside the transaction of the change, so the event
exists exactly when the change does (an outbox)."""

from django.dispatch import receiver

from initiatives.models import Initiative
from initiatives.signals import initiative_published
from members.models import City
from members.signals import city_approved, city_profile_changed, city_status_changed, welcome_deferred
from proclamations.models import Proclamation
from proclamations.signals import proclamation_published
from progress.milestones import milestone_reached
from progress.models import ProgressSnapshot

from .choices import EventType
from .payloads import api_url, city_data, event_body, initiative_data, proclamation_data, snapshot_data
from .services import event_record

PROGRESS_KEY = "progress"


def city_key(city_id: int) -> str:
    return f"city:{city_id}"


def _record_city_event(event_type: str, city: City, extra: dict | None = None) -> None:
    body = event_body(event_type=event_type, data=city_data(city), url=api_url(f"cities/{city.slug}/"), extra=extra)
    event_record(event_type=event_type, payload=body, city_key=city_key(city.pk))


@receiver(city_approved, dispatch_uid="webhooks_city_approved")
def on_city_approved(sender, city: City, **kwargs) -> None:
    _record_city_event(EventType.CITY_APPROVED, city)


@receiver(city_profile_changed, dispatch_uid="webhooks_city_profile_changed")
def on_city_profile_changed(sender, city: City, fields: list[str], **kwargs) -> None:
    if welcome_deferred(city.pk) is not None:
        return  # part of the approval: city.approved carries the profile
    _record_city_event(EventType.CITY_UPDATED, city, extra={"changed": fields})


@receiver(city_status_changed, dispatch_uid="webhooks_city_status_changed")
def on_city_status_changed(sender, city: City, previous_status: str, **kwargs) -> None:
    _record_city_event(EventType.CITY_STATUS_CHANGED, city, extra={"previous_status": previous_status})


@receiver(proclamation_published, dispatch_uid="webhooks_proclamation_published")
def on_proclamation_published(sender, proclamation: Proclamation, **kwargs) -> None:
    def record() -> None:
        event_type = EventType.PROCLAMATION_PUBLISHED
        body = event_body(
            event_type=event_type,
            data=proclamation_data(proclamation),
            url=api_url(f"proclamations/{proclamation.pk}/"),
        )
        event_record(event_type=event_type, payload=body, city_key=city_key(proclamation.city_id))

    _record_now_or_after_welcome(proclamation.city_id, record)


@receiver(initiative_published, dispatch_uid="webhooks_initiative_published")
def on_initiative_published(sender, initiative: Initiative, **kwargs) -> None:
    def record() -> None:
        event_type = EventType.INITIATIVE_PUBLISHED
        body = event_body(
            event_type=event_type, data=initiative_data(initiative), url=api_url(f"initiatives/{initiative.slug}/")
        )
        event_record(event_type=event_type, payload=body, city_key=city_key(initiative.city_id))

    _record_now_or_after_welcome(initiative.city_id, record)


def _record_now_or_after_welcome(city_id: int, record) -> None:
    # A new member's records are told after its city.approved, so a partner never hears of a city's proclamation
    # before the city.
    deferred = welcome_deferred(city_id)
    if deferred is None:
        record()
    else:
        deferred.append(record)


@receiver(milestone_reached, dispatch_uid="webhooks_milestone_reached")
def on_milestone_reached(sender, snapshot: ProgressSnapshot, members: int, is_goal: bool, **kwargs) -> None:
    event_type = EventType.PROGRESS_MILESTONE
    body = event_body(
        event_type=event_type,
        data=snapshot_data(snapshot),
        url=api_url(f"progress/{snapshot.date.isoformat()}/"),
        extra={"milestone": {"members": members, "is_goal": is_goal}},
    )
    event_record(event_type=event_type, payload=body, city_key=PROGRESS_KEY)
