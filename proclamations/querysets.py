"""Reusable filters on proclamations."""

from django.db import models


class ProclamationQuerySet(models.QuerySet):
    def public(self) -> "ProclamationQuerySet":
        """The proclamations the city's page and the partner API show; the others stay with the city and ICP."""
        return self.filter(is_public=True)
