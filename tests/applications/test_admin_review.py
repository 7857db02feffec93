"""Review in Django admin: the queue, the decision pages, bulk decisions with confirmation."""

import pytest
from django.urls import reverse

from applications.choices import ApplicationStatus
from applications.models import Application
from members.models import City
from tests.factories import CityFactory, UserFactory

from .test_services import complete_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = UserFactory(is_staff=True, is_superuser=True, email="reviewer@example.org")
    client.force_login(staff)
    client.staff = staff
    return client


def test_queue_puts_open_applications_first_oldest_waiting_on_top(staff_client):
    applicant = UserFactory()
    complete_application(applicant, name="Decided", status=ApplicationStatus.REJECTED)
    newer = complete_application(applicant, name="Newer", status=ApplicationStatus.SUBMITTED)
    older = complete_application(applicant, name="Older", status=ApplicationStatus.SUBMITTED)
    Application.objects.filter(pk=older.pk).update(submitted_at="2026-01-01T10:00Z")
    Application.objects.filter(pk=newer.pk).update(submitted_at="2026-06-01T10:00Z")
    response = staff_client.get(reverse("admin:applications_application_changelist"))
    names = [application.name for application in response.context["cl"].result_list]
    assert names == ["Older", "Newer", "Decided"]
    assert "days waiting" in response.content.decode().lower()


def test_queue_filters_by_continent_and_searches_by_coordinator_email(staff_client):
    complete_application(UserFactory(email="amina@example.org"), name="Kisumu", country="KE")
    complete_application(UserFactory(), name="Lyon", country="FR")
    url = reverse("admin:applications_application_changelist")
    assert [a.name for a in staff_client.get(url, {"continent": "AF"}).context["cl"].result_list] == ["Kisumu"]
    assert [a.name for a in staff_client.get(url, {"q": "amina@"}).context["cl"].result_list] == ["Kisumu"]


def test_review_page_shows_possible_duplicates_and_members_nearby(staff_client):
    CityFactory(name="Kisumu", country="KE", region="", latitude="-0.1", longitude="34.75", slug="kisumu")
    application = complete_application(
        UserFactory(), status=ApplicationStatus.SUBMITTED, latitude="-0.09", longitude="34.76"
    )
    page = staff_client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert "Possible duplicates" in page
    assert 'href="/cities/kisumu/"' in page
    assert "Take for review" in page


def test_review_page_shows_open_applications_with_a_similar_name_too(staff_client):
    complete_application(UserFactory(), name="Kisumu Town", status=ApplicationStatus.SUBMITTED)
    application = complete_application(UserFactory(), name="Kisumu", status=ApplicationStatus.SUBMITTED)
    page = staff_client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert "Kisumu Town — open application" in page


def test_request_for_changes_without_a_message_is_refused_on_the_page(staff_client):
    application = complete_application(UserFactory(), status=ApplicationStatus.IN_REVIEW)
    url = reverse("admin:applications_application_decide", args=[application.pk, "request_changes"])
    response = staff_client.post(url, {"message": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW


def test_take_then_approve_through_the_decision_pages(staff_client):
    application = complete_application(UserFactory(), status=ApplicationStatus.SUBMITTED)
    staff_client.post(reverse("admin:applications_application_decide", args=[application.pk, "take"]), {})
    application.refresh_from_db()
    assert (application.status, application.reviewer) == (ApplicationStatus.IN_REVIEW, staff_client.staff)
    staff_client.post(reverse("admin:applications_application_decide", args=[application.pk, "approve"]), {})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert City.objects.get().name == "Kisumu"


def test_bulk_reject_asks_for_confirmation_and_a_reason(staff_client):
    applicant = UserFactory()
    first = complete_application(applicant, name="First", status=ApplicationStatus.IN_REVIEW)
    second = complete_application(applicant, name="Second", status=ApplicationStatus.SUBMITTED)
    url = reverse("admin:applications_application_changelist")
    selection = {"action": "reject_selected", "_selected_action": [first.pk, second.pk]}
    confirmation = staff_client.post(url, selection)
    assert "First" in confirmation.content.decode() and confirmation.status_code == 200
    assert Application.objects.get(pk=first.pk).status == ApplicationStatus.IN_REVIEW  # nothing yet

    staff_client.post(url, {**selection, "confirm": "yes", "message": ""})
    assert Application.objects.get(pk=first.pk).status == ApplicationStatus.IN_REVIEW  # a reason is required

    response = staff_client.post(
        url, {**selection, "confirm": "yes", "message": "Outside the network's scope."}, follow=True
    )
    assert Application.objects.get(pk=first.pk).status == ApplicationStatus.REJECTED
    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.SUBMITTED  # skipped, and said so
    assert "Second:" in response.content.decode()


def test_bulk_approve_creates_one_city_per_application(staff_client):
    applicant = UserFactory()
    first = complete_application(applicant, name="Kisumu", status=ApplicationStatus.IN_REVIEW)
    second = complete_application(applicant, name="Nakuru", status=ApplicationStatus.IN_REVIEW)
    url = reverse("admin:applications_application_changelist")
    staff_client.post(url, {"action": "approve_selected", "_selected_action": [first.pk, second.pk], "confirm": "yes"})
    assert sorted(City.objects.values_list("name", flat=True)) == ["Kisumu", "Nakuru"]
    assert sorted(City.objects.values_list("member_number", flat=True)) == [1, 2]


def test_bulk_approve_approves_the_rest_and_names_the_one_already_a_member(staff_client):
    CityFactory(name="Kisumu", country="KE", region="", member_number=5)
    applicant = UserFactory()
    duplicate = complete_application(applicant, name="KISUMU", status=ApplicationStatus.IN_REVIEW)
    other = complete_application(applicant, name="Nakuru", status=ApplicationStatus.IN_REVIEW)
    url = reverse("admin:applications_application_changelist")
    response = staff_client.post(
        url, {"action": "approve_selected", "_selected_action": [duplicate.pk, other.pk], "confirm": "yes"}, follow=True
    )
    assert "KISUMU: Kisumu, Kenya (member 5) has the same name and region" in response.content.decode()
    assert sorted(City.objects.values_list("name", flat=True)) == ["Kisumu", "Nakuru"]
    duplicate.refresh_from_db()
    assert duplicate.status == ApplicationStatus.IN_REVIEW
