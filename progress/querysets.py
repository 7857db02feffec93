"""Reusable filters on the network's goals."""

from django.db import models


class NetworkGoalQuerySet(models.QuerySet):
    def active(self) -> "NetworkGoalQuerySet":
        """Goals in force; the newest of them is the current one. Earlier goals stay for the record."""
        return self.filter(is_active=True)
