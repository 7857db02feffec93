"""Membership changes (an approval, a withdrawal, an import, an edit in admin) and goal changes ask for a
fresh snapshot; the refresh is queued after commit and coalesced, so a bulk import costs one run."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from members.models import City

from .models import NetworkGoal
from .services import progress_refresh_soon

# Saves limited to other fields (a reminder's date, a page text) change no figure of the snapshot.
COUNTED_CITY_FIELDS = frozenset({"status", "member_since", "country", "community_type"})


@receiver(post_save, sender=City, dispatch_uid="progress_refresh_on_city_save")
def city_saved(sender, instance: City, created: bool, update_fields=None, raw: bool = False, **kwargs) -> None:
    if raw or (update_fields is not None and not COUNTED_CITY_FIELDS & set(update_fields)):
        return
    progress_refresh_soon()


@receiver(post_delete, sender=City, dispatch_uid="progress_refresh_on_city_delete")
def city_deleted(sender, instance: City, **kwargs) -> None:
    progress_refresh_soon()


@receiver(post_save, sender=NetworkGoal, dispatch_uid="progress_refresh_on_goal_save")
@receiver(post_delete, sender=NetworkGoal, dispatch_uid="progress_refresh_on_goal_delete")
def goal_changed(sender, instance: NetworkGoal, **kwargs) -> None:
    progress_refresh_soon()
