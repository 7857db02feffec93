"""Reusable filters on applications, their signatories and the reviewers' notices."""

from django.db import models

from . import workflow
from .choices import ApplicationStatus, SignatoryRole


class ApplicationQuerySet(models.QuerySet):
    def open(self) -> "ApplicationQuerySet":
        return self.filter(status__in=workflow.OPEN_STATUSES)

    def drafts(self) -> "ApplicationQuerySet":
        return self.filter(status=ApplicationStatus.DRAFT)

    def decided(self) -> "ApplicationQuerySet":
        return self.filter(status__in=workflow.FINAL_STATUSES)

    def of_applicant(self, user) -> "ApplicationQuerySet":
        return self.filter(applicant=user)


class SignatoryQuerySet(models.QuerySet):
    def second_leaders(self) -> "SignatoryQuerySet":
        return self.filter(role=SignatoryRole.SECOND_LEADER)

    def supporters(self) -> "SignatoryQuerySet":
        return self.filter(role=SignatoryRole.SUPPORTER)

    def not_invited(self) -> "SignatoryQuerySet":
        """Signatories no invitation was sent to yet: the next submission sends them one."""
        return self.filter(invited_at__isnull=True)


class ReviewerNoticeQuerySet(models.QuerySet):
    def unsent(self) -> "ReviewerNoticeQuerySet":
        """Notices still owed to their reviewer: the next digest carries them."""
        return self.filter(sent_at__isnull=True)
