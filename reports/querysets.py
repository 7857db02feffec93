from django.db import models

from . import rules
from .choices import ReportStatus


class ReportQuerySet(models.QuerySet):
    def published(self) -> "ReportQuerySet":
        return self.filter(status=ReportStatus.ACCEPTED)

    def awaiting_review(self) -> "ReportQuerySet":
        return self.filter(status__in=rules.AWAITING_REVIEW)

    def filed(self) -> "ReportQuerySet":
        return self.filter(status__in=rules.FILED)

    def of_year(self, year: int) -> "ReportQuerySet":
        return self.filter(year=year)
