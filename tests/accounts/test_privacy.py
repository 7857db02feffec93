"""A coordinator downloads and deletes their own data; the privacy page says what is kept."""

import json

import pytest

from applications.choices import ApplicationStatus
from applications.models import Application
from members.models import City, Coordinator, User
from tests.applications.factories import ApplicationFactory
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_my_data_is_a_json_download_of_everything_about_me(client):
    me = UserFactory(email="amina@example.org", full_name="Amina Otieno")
    ApplicationFactory(complete=True, applicant=me, name="Kisumu")
    CoordinatorFactory(user=me, city__name="Ashland")
    client.force_login(me)
    response = client.get("/accounts/my-data/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "amina@example.org"
    assert data["applications"][0]["name"] == "Kisumu"
    assert len(data["applications"][0]["signatories"]) == 4
    assert data["coordinator_of"][0]["city"] == "Ashland"


def test_my_data_holds_nobody_elses_applications(client):
    ApplicationFactory(complete=True, applicant=UserFactory(), name="Someone else's town")
    me = UserFactory()
    client.force_login(me)
    assert json.loads(client.get("/accounts/my-data/").content)["applications"] == []


def test_deleting_my_account_needs_my_password(client):
    me = UserFactory()
    client.force_login(me)
    response = client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 400
    assert "This is not your password." in response.content.decode()
    assert User.objects.filter(pk=me.pk).exists()


def test_deleting_my_account_removes_me_and_keeps_the_networks_records(client):
    me = UserFactory()
    draft = ApplicationFactory(complete=True, applicant=me, name="Draft town")
    open_application = ApplicationFactory(
        complete=True, applicant=me, name="Open town", status=ApplicationStatus.SUBMITTED
    )
    coordinator = CoordinatorFactory(user=me, city__name="Ashland")
    client.force_login(me)
    response = client.post("/accounts/delete/", {"password": "a-long-test-password"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=me.pk).exists()
    assert not Application.objects.filter(pk=draft.pk).exists()
    open_application.refresh_from_db()
    assert open_application.status == ApplicationStatus.WITHDRAWN and open_application.applicant is None
    assert City.objects.filter(name="Ashland").exists()
    assert not Coordinator.objects.filter(pk=coordinator.pk).exists()


def test_privacy_page_says_what_is_kept(client):
    page = client.get("/privacy/").content.decode()
    assert "What is public" in page and "/accounts/my-data/" in page and "/accounts/delete/" in page
