"""The applicant's receipt and the notices to ICP's reviewers: at once, or in one digest a day."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from applications.choices import ApplicationStatus
from applications.models import ReviewerNotice
from applications.notices import reviewer_digests_send
from applications.review import application_request_changes, application_take_for_review
from applications.services import application_answer, application_submit, application_withdraw
from applications.tasks import send_reviewer_digests
from tests.factories import UserFactory

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGE = "https://portal.example.org/admin/applications/application/{pk}/change/"


@pytest.fixture(autouse=True)
def portal(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"


def make_reviewer(email: str, language: str = "en", **fields):
    reviewer = UserFactory(is_staff=True, email=email, language=language, **fields)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    return reviewer


@pytest.fixture
def reviewers():
    return [make_reviewer("rosa@icp.example.org", full_name="Rosa"), make_reviewer("ana@icp.example.org", "es")]


@pytest.fixture
def applicant():
    return UserFactory(email="amina@kisumu.example.org", full_name="Amina Odhiambo", language="fr")


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def submit(applicant, capture):
    application = ApplicationFactory(complete=True, applicant=applicant)
    with capture(execute=True):
        application_submit(application=application, actor=applicant)
    return application


def test_the_applicant_gets_a_receipt_in_their_language_with_what_comes_next_and_the_link_to_read_it(
    applicant, reviewers, django_capture_on_commit_callbacks
):
    application = submit(applicant, django_capture_on_commit_callbacks)
    (receipt,) = sent_to(applicant.email)
    assert "Kisumu" in receipt.subject
    assert receipt.body.startswith("Amina Odhiambo") is False and "Amina Odhiambo" in receipt.body.splitlines()[0]
    assert f"https://portal.example.org/apply/{application.pk}/" in receipt.body
    assert "Bonjour" in receipt.body or "Chère" in receipt.body or "Cher" in receipt.body  # French, as the applicant


def test_a_new_submission_is_announced_to_every_reviewer_when_no_one_took_it(
    applicant, reviewers, django_capture_on_commit_callbacks
):
    editor = UserFactory(is_staff=True, email="editor@icp.example.org")
    editor.groups.add(Group.objects.get(name="Editors"))
    application = submit(applicant, django_capture_on_commit_callbacks)
    for reviewer in reviewers:
        (notice,) = sent_to(reviewer.email)
        assert ADMIN_PAGE.format(pk=application.pk) in notice.body
    assert sent_to("ana@icp.example.org")[0].subject.startswith("Nueva solicitud")  # her language
    assert sent_to(editor.email) == []


def test_an_answer_goes_to_the_reviewer_who_took_the_application_only(
    applicant, reviewers, django_capture_on_commit_callbacks
):
    rosa, ana = reviewers
    application = submit(applicant, django_capture_on_commit_callbacks)
    application = application_take_for_review(application=application, reviewer=rosa)
    application = application_request_changes(application=application, reviewer=rosa, message="Add the minutes.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_answer(application=application, actor=applicant, message="Minutes attached.")
    (notice,) = sent_to(rosa.email)
    assert "Minutes attached." in notice.body
    assert ADMIN_PAGE.format(pk=application.pk) in notice.body
    assert sent_to(ana.email) == []
    assert len(sent_to(applicant.email)) == 1  # the receipt of the answer


def test_an_inactive_assigned_reviewer_is_replaced_by_the_group(
    applicant, reviewers, django_capture_on_commit_callbacks
):
    rosa, ana = reviewers
    application = submit(applicant, django_capture_on_commit_callbacks)
    application = application_take_for_review(application=application, reviewer=rosa)
    application = application_request_changes(application=application, reviewer=rosa, message="Add the minutes.")
    rosa.is_active = False
    rosa.save(update_fields=["is_active"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_answer(application=application, actor=applicant, message="Minutes attached.")
    assert sent_to(rosa.email) == [] and len(sent_to(ana.email)) == 1


def test_daily_notices_wait_for_one_digest_per_reviewer(
    applicant, reviewers, settings, django_capture_on_commit_callbacks
):
    settings.ICP_REVIEWER_NOTICES = "daily"
    first = submit(applicant, django_capture_on_commit_callbacks)
    second = submit(UserFactory(), django_capture_on_commit_callbacks)
    assert all(sent_to(reviewer.email) == [] for reviewer in reviewers)
    assert ReviewerNotice.objects.filter(sent_at__isnull=True).count() == 4

    with django_capture_on_commit_callbacks(execute=True):
        assert send_reviewer_digests.delay().get() == 2
    for reviewer in reviewers:
        (digest,) = sent_to(reviewer.email)
        assert ADMIN_PAGE.format(pk=first.pk) in digest.body and ADMIN_PAGE.format(pk=second.pk) in digest.body
    assert ReviewerNotice.objects.filter(sent_at__isnull=True).count() == 0

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reviewer_digests_send() == 0  # nothing new: no empty digest
    assert mail.outbox == []


def test_a_digest_leaves_out_an_application_withdrawn_since(
    applicant, reviewers, settings, django_capture_on_commit_callbacks
):
    settings.ICP_REVIEWER_NOTICES = "daily"
    application = submit(applicant, django_capture_on_commit_callbacks)
    application_withdraw(application=application, actor=applicant)
    assert reviewer_digests_send() == 0
    assert ReviewerNotice.objects.filter(sent_at__isnull=True).count() == 0
    assert application.__class__.objects.get(pk=application.pk).status == ApplicationStatus.WITHDRAWN


def test_the_digest_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "applications.tasks.send_reviewer_digests" in tasks
