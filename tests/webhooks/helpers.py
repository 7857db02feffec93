"""Approving an application as staff does, for the webhook tests."""

from django.contrib.auth.models import Group

from applications.choices import ApplicationStatus
from applications.notices import REVIEWERS_GROUP
from applications.review import application_approve, application_take_for_review
from members.models import City
from tests.factories import ApplicationFactory, UserFactory


def reviewer_user():
    reviewer = UserFactory(is_staff=True, is_superuser=True)
    # get_or_create: a transactional test before this one may have flushed the group the migration made.
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    return reviewer


def application_in_review(reviewer, **fields):
    application = ApplicationFactory(complete=True, status=ApplicationStatus.SUBMITTED, **fields)
    return application_take_for_review(application=application, reviewer=reviewer)


def approved_city(**fields) -> City:
    reviewer = reviewer_user()
    return application_approve(application=application_in_review(reviewer, **fields), reviewer=reviewer)
