"""Reusable filters on member records."""

from django.db import models
from django.utils import timezone

from .choices import INVITATION_VALIDITY, MembershipStatus
from .geography import countries_in


class CityQuerySet(models.QuerySet):
    def active(self) -> "CityQuerySet":
        return self.filter(status=MembershipStatus.ACTIVE)

    def in_continent(self, continent: str) -> "CityQuerySet":
        return self.filter(country__in=countries_in(continent))

    def coordinated_by(self, user) -> "CityQuerySet":
        return self.filter(coordinators__user=user).distinct()

    def newest_members(self, limit: int = 6) -> "CityQuerySet":
        return self.active().order_by("-member_since", "-member_number")[:limit]

    def touch(self) -> int:
        """Marks these cities changed now: a partner's incremental sync (updated_since) and the API's page cache
        must hear of a change to what the city's API record shows (its counts of initiatives and proclamations,
        its networks), even when only a related row changed."""
        return self.update(updated_at=timezone.now())


class CoordinatorQuerySet(models.QuerySet):
    def shown_publicly(self) -> "CoordinatorQuerySet":
        """Coordinators who agreed that their name and e-mail appear on the city's page and in the API; the
        others' never leave the portal."""
        return self.filter(show_contact_publicly=True)


class CoordinatorInvitationQuerySet(models.QuerySet):
    def pending(self, *, now=None) -> "CoordinatorInvitationQuerySet":
        """Invitations that may still be accepted as far as the invitation itself goes: not used, not revoked,
        not expired (the city and the inviter are checked when someone accepts)."""
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, created_at__gt=now - INVITATION_VALIDITY)
