"""The reusable filters of applications/querysets.py."""

import pytest
from django.utils import timezone

from applications.choices import ReviewerNoticeEvent, SignatoryRole
from applications.models import Application, ReviewerNotice, Signatory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signatories_are_read_by_role_and_by_whether_they_were_invited():
    application = Application.objects.create(applicant=UserFactory(), name="Kisumu", country="KE")
    leader = Signatory.objects.create(
        application=application, role=SignatoryRole.SECOND_LEADER, name="Lead", email="lead@example.org"
    )
    invited = Signatory.objects.create(
        application=application, name="Invited", email="invited@example.org", invited_at=timezone.now()
    )
    waiting = Signatory.objects.create(application=application, name="Waiting", email="waiting@example.org")
    assert list(application.signatories.second_leaders()) == [leader]
    assert set(application.signatories.supporters()) == {invited, waiting}
    assert set(application.signatories.not_invited()) == {leader, waiting}


def test_a_digest_reads_the_notices_not_sent_yet():
    application = Application.objects.create(applicant=UserFactory(), name="Kisumu", country="KE")
    reviewer = UserFactory()
    owed = ReviewerNotice.objects.create(
        reviewer=reviewer, application=application, event=ReviewerNoticeEvent.SUBMITTED
    )
    ReviewerNotice.objects.create(
        reviewer=reviewer, application=application, event=ReviewerNoticeEvent.SUBMITTED, sent_at=timezone.now()
    )
    assert list(ReviewerNotice.objects.unsent()) == [owed]
