"""A city an approved application made a member is not deleted: the application keeps it as the record of its
approval (the approved_application_has_its_city constraint), and leaving the network is a status with a reason. The
admin refuses with that reason, on the city's delete page as in "delete selected", where it answered 500."""

import pytest
from django.contrib.auth.models import Group

from applications.choices import ApplicationStatus
from applications.review import application_approve, application_take_for_review
from members.models import City
from tests.factories import CityFactory, UserFactory

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

REFUSAL = "Kisumu became a City of Peace through an approved application, which keeps it as its record"


@pytest.fixture
def approved():
    reviewer = UserFactory(is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    application = ApplicationFactory(complete=True, applicant=UserFactory(), status=ApplicationStatus.SUBMITTED)
    application_take_for_review(application=application, reviewer=reviewer)
    application_approve(application=application, reviewer=reviewer)
    application.refresh_from_db()
    return application


@pytest.fixture
def editor_client(client):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))  # Editors may delete cities
    client.force_login(editor)
    return client


def assert_kept(application) -> None:
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert City.objects.filter(pk=application.city_id, name="Kisumu").exists()


def test_the_delete_page_of_a_city_from_an_approved_application_refuses_with_the_reason(editor_client, approved):
    url = f"/admin/members/city/{approved.city_id}/delete/"
    page = editor_client.get(url)
    assert page.status_code == 200
    assert REFUSAL in page.content.decode().replace("&#x27;", "'")
    confirmed = editor_client.post(url, {"post": "yes"})
    assert confirmed.status_code == 200
    assert REFUSAL in confirmed.content.decode().replace("&#x27;", "'")
    assert_kept(approved)


def test_delete_selected_refuses_the_whole_selection_when_it_holds_a_city_from_an_approved_application(
    editor_client, approved
):
    other = CityFactory(name="Ashland", member_number=900)
    selection = {"action": "delete_selected", "_selected_action": [approved.city_id, other.pk], "post": "yes"}
    response = editor_client.post("/admin/members/city/", selection)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode().replace("&#x27;", "'")
    assert_kept(approved)
    assert City.objects.filter(pk=other.pk).exists()


def test_a_city_no_application_made_is_still_deleted(editor_client, approved):
    other = CityFactory(name="Ashland", member_number=900)
    response = editor_client.post(
        "/admin/members/city/", {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not City.objects.filter(pk=other.pk).exists()
    assert_kept(approved)
