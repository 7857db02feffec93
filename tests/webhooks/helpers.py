"""Approving an application as staff does, for the webhook tests."""

from django.contrib.auth.models import Group

from applications.choices import ApplicationStatus
from applications.review import application_approve, application_take_for_review
from members.models import City
from tests.factories import ApplicationFactory, UserFactory


def reviewer_user():
    reviewer = UserFactory(is_staff=True, is_superuser=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    return reviewer


def application_in_review(reviewer, **fields):
    application = ApplicationFactory(complete=True, status=ApplicationStatus.SUBMITTED, **fields)
    return application_take_for_review(application=application, reviewer=reviewer)


def approved_city(**fields) -> City:
    reviewer = reviewer_user()
    return application_approve(application=application_in_review(reviewer, **fields), reviewer=reviewer)
