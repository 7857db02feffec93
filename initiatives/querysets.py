"""Reusable filters on initiatives."""

from django.db import models

from members.choices import MembershipStatus


class InitiativeQuerySet(models.QuerySet):
    def of_active_members(self) -> "InitiativeQuerySet":
        """Initiatives the public pages show: those of cities that are members now, not withdrawn or suspended."""
        return self.filter(city__status=MembershipStatus.ACTIVE)
