"""The application's rules, one per test: what each status allows, who may move it, and how a move is recorded."""

import pytest

from applications import workflow
from applications.choices import ApplicationStatus as S
from applications.models import Application
from applications.workflow import TransitionRefused
from tests.factories import UserFactory

from .factories import ApplicationFactory

EVERY_STATUS = list(S.values)


def at(status: str) -> Application:
    return Application(status=status)


def statuses_where(predicate) -> set[str]:
    return {status for status in EVERY_STATUS if predicate(at(status))}


def test_a_draft_is_only_a_draft():
    assert statuses_where(workflow.is_draft) == {S.DRAFT}


def test_open_applications_wait_on_someone_submitted_in_review_or_with_changes_requested():
    assert statuses_where(workflow.is_open) == {S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED}


def test_decided_applications_are_approved_rejected_or_withdrawn():
    assert statuses_where(workflow.is_decided) == {S.APPROVED, S.REJECTED, S.WITHDRAWN}


def test_every_status_is_a_draft_open_or_decided_and_only_one_of_them():
    for status in EVERY_STATUS:
        application = at(status)
        answers = [workflow.is_draft(application), workflow.is_open(application), workflow.is_decided(application)]
        assert answers.count(True) == 1, status


def test_the_applicant_edits_a_draft_and_an_application_sent_back_for_changes():
    assert statuses_where(workflow.is_editable) == {S.DRAFT, S.CHANGES_REQUESTED}


def test_a_draft_or_an_open_application_may_be_withdrawn_a_decided_one_not():
    assert statuses_where(workflow.may_be_withdrawn) == {S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED}


def test_only_a_draft_is_submitted_from_the_form():
    assert statuses_where(workflow.may_be_submitted) == {S.DRAFT}


def test_only_an_application_sent_back_for_changes_is_answered():
    assert statuses_where(workflow.may_be_answered) == {S.CHANGES_REQUESTED}


def test_a_reviewer_takes_a_submitted_application():
    assert statuses_where(workflow.may_take) == {S.SUBMITTED}


@pytest.mark.parametrize("rule", [workflow.may_request_changes, workflow.may_approve, workflow.may_reject])
def test_a_reviewer_decides_only_an_application_in_review(rule):
    assert statuses_where(rule) == {S.IN_REVIEW}


def test_decision_possible_answers_for_each_decision_and_refuses_an_unknown_one():
    assert workflow.decision_possible("take", at(S.SUBMITTED))
    assert not workflow.decision_possible("approve", at(S.SUBMITTED))
    assert workflow.decision_possible("approve", at(S.IN_REVIEW))
    assert not workflow.decision_possible("withdraw", at(S.DRAFT))


@pytest.mark.django_db
def test_only_active_staff_with_the_change_right_decide():
    assert workflow.may_decide(UserFactory(is_staff=True, is_superuser=True))
    assert not workflow.may_decide(UserFactory(is_staff=True))
    assert not workflow.may_decide(UserFactory(is_superuser=True, is_staff=False))
    assert not workflow.may_decide(UserFactory(is_staff=True, is_superuser=True, is_active=False))


@pytest.mark.django_db
def test_an_application_is_read_by_its_applicant_and_staff_who_may_view_applications():
    applicant = UserFactory()
    application = ApplicationFactory(complete=True, applicant=applicant)
    assert workflow.may_read(applicant, application)
    assert workflow.may_read(UserFactory(is_staff=True, is_superuser=True), application)
    assert not workflow.may_read(UserFactory(), application)
    assert not workflow.may_read(UserFactory(is_staff=True), application)


@pytest.mark.django_db
def test_a_move_writes_its_line_in_the_history():
    applicant = UserFactory()
    application = ApplicationFactory(complete=True, applicant=applicant)
    workflow.applicant_move(application, to_status=S.WITHDRAWN, actor=applicant, message="We merged with a district.")
    assert application.status == S.WITHDRAWN
    line = application.status_changes.get()
    assert (line.from_status, line.to_status, line.actor, line.message) == (
        S.DRAFT,
        S.WITHDRAWN,
        applicant,
        "We merged with a district.",
    )


@pytest.mark.django_db
def test_a_move_outside_the_tables_is_refused_with_a_reason_and_leaves_no_trace():
    applicant = UserFactory()
    application = ApplicationFactory(complete=True, applicant=applicant, status=S.REJECTED)
    with pytest.raises(TransitionRefused, match="An application that is rejected cannot be moved to Submitted"):
        workflow.applicant_move(application, to_status=S.SUBMITTED, actor=applicant)
    assert application.status == S.REJECTED
    assert not application.status_changes.exists()


@pytest.mark.django_db
def test_only_the_applicant_moves_their_application():
    application = ApplicationFactory(complete=True, applicant=UserFactory())
    with pytest.raises(TransitionRefused):
        workflow.applicant_move(application, to_status=S.WITHDRAWN, actor=UserFactory())


@pytest.mark.django_db
def test_a_staff_move_needs_a_reviewer():
    application = ApplicationFactory(complete=True, applicant=UserFactory(), status=S.SUBMITTED)
    with pytest.raises(TransitionRefused, match="Only ICP's reviewers decide applications"):
        workflow.staff_move(application, to_status=S.IN_REVIEW, reviewer=UserFactory(is_staff=True))
    workflow.staff_move(application, to_status=S.IN_REVIEW, reviewer=UserFactory(is_staff=True, is_superuser=True))
    assert application.status == S.IN_REVIEW


def test_the_models_properties_for_templates_ask_the_workflow():
    for status in EVERY_STATUS:
        application = at(status)
        assert application.is_editable == workflow.is_editable(application)
        assert application.can_be_withdrawn == workflow.may_be_withdrawn(application)
