"""Staff's review: every move of the workflow, and approval that is whole, once, and announced."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from applications.choices import ApplicationStatus
from applications.models import Application, Signatory
from applications.review import (
    application_approve,
    application_reject,
    application_request_changes,
    application_take_for_review,
)
from applications.services import TransitionRefused
from initiatives.models import Initiative
from members.choices import CoordinatorRole
from members.models import City
from outbox.models import OutboundEmail
from proclamations.models import Proclamation
from tests.factories import CityFactory, UserFactory

from .conftest import pdf_upload
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

STAFF_ACTIONS = {
    ApplicationStatus.IN_REVIEW: lambda application, reviewer: application_take_for_review(
        application=application, reviewer=reviewer
    ),
    ApplicationStatus.CHANGES_REQUESTED: lambda application, reviewer: application_request_changes(
        application=application, reviewer=reviewer, message="Please add the council minutes."
    ),
    ApplicationStatus.REJECTED: lambda application, reviewer: application_reject(
        application=application, reviewer=reviewer, reason="The community is outside any member region."
    ),
    ApplicationStatus.APPROVED: lambda application, reviewer: application_approve(
        application=application, reviewer=reviewer
    ),
}
ALLOWED = {
    (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW),
    (ApplicationStatus.IN_REVIEW, ApplicationStatus.CHANGES_REQUESTED),
    (ApplicationStatus.IN_REVIEW, ApplicationStatus.REJECTED),
    (ApplicationStatus.IN_REVIEW, ApplicationStatus.APPROVED),
}


@pytest.fixture
def reviewer():
    reviewer = UserFactory(is_staff=True, email="reviewer@citiesofpeace.example.org")
    reviewer.groups.add(Group.objects.get(name="Reviewers"))  # being staff is no right to decide
    return reviewer


@pytest.fixture
def applicant():
    return UserFactory(language="fr")


def in_review(applicant, reviewer, **fields) -> Application:
    application = ApplicationFactory(complete=True, applicant=applicant, status=ApplicationStatus.SUBMITTED, **fields)
    return application_take_for_review(application=application, reviewer=reviewer)


@pytest.mark.parametrize("from_status", [status for status in ApplicationStatus.values if status != "approved"])
@pytest.mark.parametrize("to_status", list(STAFF_ACTIONS))
def test_staff_moves_are_exactly_the_workflows(applicant, reviewer, from_status, to_status):
    application = ApplicationFactory(complete=True, applicant=applicant, status=from_status)
    if (from_status, to_status) in ALLOWED:
        STAFF_ACTIONS[to_status](application, reviewer)
        application.refresh_from_db()
        assert application.status == to_status
        assert application.status_changes.get().actor == reviewer
    else:
        with pytest.raises(TransitionRefused):
            STAFF_ACTIONS[to_status](application, reviewer)
        application.refresh_from_db()
        assert application.status == from_status
        assert not application.status_changes.exists()


def test_a_coordinator_without_staff_status_cannot_decide(applicant):
    application = ApplicationFactory(complete=True, applicant=applicant, status=ApplicationStatus.SUBMITTED)
    with pytest.raises(TransitionRefused):
        application_take_for_review(application=application, reviewer=UserFactory())


def test_requesting_changes_needs_a_message(applicant, reviewer):
    application = in_review(applicant, reviewer)
    with pytest.raises(TransitionRefused, match="message is required"):
        application_request_changes(application=application, reviewer=reviewer, message="  ")


def test_rejecting_needs_a_reason(applicant, reviewer):
    application = in_review(applicant, reviewer)
    with pytest.raises(TransitionRefused, match="reason"):
        application_reject(application=application, reviewer=reviewer, reason="")


def test_approval_creates_the_city_with_everything_the_application_gave(
    applicant, reviewer, django_capture_on_commit_callbacks
):
    CityFactory(member_number=456)
    application = in_review(
        applicant,
        reviewer,
        pathway="council_resolution",
        proclamation_title="Resolution 2025-17",
        proclamation_issuing_body="Kisumu County Assembly",
        proclamation_adopted_on="2025-09-21",
        proclamation_document=pdf_upload(),
        latitude="-0.091702",
        longitude="34.767956",
    )
    Signatory.objects.create(application=application, role="second_leader", name="Ben", email="ben@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        city = application_approve(application=application, reviewer=reviewer)

    assert (city.name, city.member_number, city.country.code) == ("Kisumu", 457, "KE")
    assert city.coordinators.get().user == applicant
    assert city.coordinators.get().role == CoordinatorRole.LEAD_LIAISON
    proclamation = Proclamation.objects.get(city=city)
    assert proclamation.title == "Resolution 2025-17"
    assert proclamation.document.read().startswith(b"%PDF-")
    assert list(city.initiatives.values_list("title", flat=True)) == ["Football league"]
    application.refresh_from_db()
    assert (application.status, application.city) == (ApplicationStatus.APPROVED, city)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([applicant.email, "ben@example.org"])
    welcome = next(message for message in mail.outbox if message.to == [applicant.email])
    assert "Ville de Paix" in welcome.subject or "Kisumu" in welcome.subject


def test_a_second_approval_changes_nothing(applicant, reviewer):
    application = in_review(applicant, reviewer)
    city = application_approve(application=application, reviewer=reviewer)
    again = application_approve(application=application, reviewer=reviewer)
    assert again == city
    assert City.objects.count() == 1
    assert Initiative.objects.count() == 1
    assert OutboundEmail.objects.filter(to=applicant.email).count() == 1


def test_a_failure_half_way_through_approval_leaves_nothing(applicant, reviewer, monkeypatch):
    application = in_review(applicant, reviewer)

    def broken_save(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Initiative, "save", broken_save)
    with pytest.raises(RuntimeError):
        application_approve(application=application, reviewer=reviewer)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert not City.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert application.status_changes.count() == 1  # only the take for review


def test_approving_a_community_already_a_member_is_refused_naming_the_member(applicant, reviewer):
    member = CityFactory(name="Kisumu", country="KE", region="Nyanza", member_number=77)
    # The applicant confirmed it is another community; the same name and region cannot be told apart.
    application = in_review(applicant, reviewer, name="KISUMU", region="nyanza", distinct_community_confirmed=True)
    with pytest.raises(TransitionRefused, match=r"Kisumu, Kenya \(member 77\) has the same name and region"):
        application_approve(application=application, reviewer=reviewer)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert list(City.objects.all()) == [member]
    assert not OutboundEmail.objects.exists()


def test_the_same_name_in_another_region_is_approved(applicant, reviewer):
    CityFactory(name="Kisumu", country="KE", region="Nyanza")
    application = in_review(applicant, reviewer, name="Kisumu", region="Western", distinct_community_confirmed=True)
    city = application_approve(application=application, reviewer=reviewer)
    assert (city.name, city.region) == ("Kisumu", "Western")


def test_a_proclamation_dated_in_the_future_is_refused_before_anything_is_made(applicant, reviewer):
    application = in_review(
        applicant, reviewer, pathway="proclamation", proclamation_adopted_on=date.today() + timedelta(days=30)
    )
    with pytest.raises(TransitionRefused, match="in the future: ask the applicant to correct the date"):
        application_approve(application=application, reviewer=reviewer)
    assert not City.objects.exists()
    assert not Proclamation.objects.exists()


def test_the_proclamation_title_made_from_a_long_name_fits_its_column(applicant, reviewer):
    name = "N" * 195
    application = in_review(
        applicant, reviewer, name=name, pathway="proclamation", proclamation_adopted_on="2020-09-21"
    )
    city = application_approve(application=application, reviewer=reviewer)
    title = city.proclamations.get().title
    assert len(title) == 200
    assert title.startswith(name)


def test_request_for_changes_reaches_the_applicant_with_the_message(
    applicant, reviewer, django_capture_on_commit_callbacks
):
    application = in_review(applicant, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        application_request_changes(application=application, reviewer=reviewer, message="Add the minutes, please.")
    assert mail.outbox[0].to == [applicant.email]
    assert "Add the minutes, please." in mail.outbox[0].body
    assert application.messages.get().author_role == "staff"


def test_the_applicant_reads_what_icp_asks_in_the_box_where_they_answer(applicant, reviewer, client):
    application = application_request_changes(
        application=in_review(applicant, reviewer), reviewer=reviewer, message="Please add the council minutes."
    )
    client.force_login(applicant)
    page = client.get(f"/apply/{application.pk}/").content.decode()
    request_shown = page.index('data-testid="changes-request"')
    assert "Please add the council minutes." in page[request_shown : page.index('name="message"')]
