"""The applicant's moves of an application, and what they refuse."""

import pytest
from django.core.exceptions import ValidationError

from applications.choices import ApplicationStatus
from applications.models import Signatory, StatusChange
from applications.services import TransitionRefused, application_answer, application_submit, application_withdraw
from applications.workflow import APPLICANT_MOVES, STAFF_MOVES, applicant_may_move, staff_may_move
from tests.factories import UserFactory

from .conftest import pdf_upload
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant():
    return UserFactory()


def test_the_transition_tables_allow_exactly_the_documented_moves():
    every_status = list(ApplicationStatus.values)
    allowed_by_applicant = {(a, b) for a in every_status for b in every_status if applicant_may_move(a, b)}
    assert allowed_by_applicant == {
        ("draft", "submitted"),
        ("draft", "withdrawn"),
        ("submitted", "withdrawn"),
        ("in_review", "withdrawn"),
        ("changes_requested", "submitted"),
        ("changes_requested", "withdrawn"),
    }
    allowed_to_staff = {(a, b) for a in every_status for b in every_status if staff_may_move(a, b)}
    assert allowed_to_staff == {
        ("submitted", "in_review"),
        ("in_review", "changes_requested"),
        ("in_review", "approved"),
        ("in_review", "rejected"),
    }
    assert not APPLICANT_MOVES.get("approved") and not STAFF_MOVES.get("approved")


def test_submit_records_who_and_when(applicant, django_capture_on_commit_callbacks):
    application = ApplicationFactory(complete=True, applicant=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=application, actor=applicant)
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.actor) == ("draft", "submitted", applicant)
    assert Signatory.objects.filter(invited_at__isnull=True).count() == 0


def test_someone_else_cannot_submit_my_application(applicant):
    application = ApplicationFactory(complete=True, applicant=applicant)
    with pytest.raises(TransitionRefused):
        application_submit(application=application, actor=UserFactory())
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_proclamation_pathway_needs_the_signed_document(applicant):
    application = ApplicationFactory(complete=True, applicant=applicant)
    application.pathway = "council_resolution"
    application.save()
    with pytest.raises(ValidationError) as refused:
        application_submit(application=application, actor=applicant)
    assert "proclamation_document" in refused.value.message_dict
    application.proclamation_document = pdf_upload()
    application.proclamation_adopted_on = "2024-09-21"
    application.save()
    assert application_submit(application=application, actor=applicant).status == ApplicationStatus.SUBMITTED


def test_answering_a_request_for_changes_resubmits_with_the_message(applicant):
    application = ApplicationFactory(complete=True, applicant=applicant, status=ApplicationStatus.CHANGES_REQUESTED)
    application_answer(application=application, actor=applicant, message="Added the council minutes.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.messages.get().body == "Added the council minutes."


def test_an_empty_answer_is_refused(applicant):
    application = ApplicationFactory(complete=True, applicant=applicant, status=ApplicationStatus.CHANGES_REQUESTED)
    with pytest.raises(ValidationError):
        application_answer(application=application, actor=applicant, message="   ")


def test_a_submitted_application_cannot_be_answered(applicant):
    application = ApplicationFactory(complete=True, applicant=applicant, status=ApplicationStatus.SUBMITTED)
    with pytest.raises(TransitionRefused):
        application_answer(application=application, actor=applicant, message="Hello")


@pytest.mark.parametrize("status", ["draft", "submitted", "in_review", "changes_requested"])
def test_an_open_application_can_be_withdrawn(applicant, status):
    application = ApplicationFactory(complete=True, applicant=applicant, status=status)
    application_withdraw(application=application, actor=applicant, reason="We will apply next year.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert StatusChange.objects.get().message == "We will apply next year."


def test_a_rejected_application_cannot_be_withdrawn(applicant):
    application = ApplicationFactory(complete=True, applicant=applicant, status=ApplicationStatus.REJECTED)
    with pytest.raises(TransitionRefused):
        application_withdraw(application=application, actor=applicant)


def test_the_status_page_offers_the_answer_form_when_changes_are_requested(client, applicant):
    application = ApplicationFactory(complete=True, applicant=applicant, status=ApplicationStatus.CHANGES_REQUESTED)
    client.force_login(applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "ICP asked for changes" in page
    response = client.post(application.get_absolute_url(), {"message": "Done: added the minutes."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_withdraw_through_the_page(client, applicant):
    application = ApplicationFactory(complete=True, applicant=applicant, status=ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    client.post(f"/apply/{application.pk}/withdraw/", {"reason": ""})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    # a second click is harmless
    assert client.post(f"/apply/{application.pk}/withdraw/", {"reason": ""}).status_code == 302
