"""ICP staff in a real browser: sign in to admin, approve a submitted application, see the new City of Peace
in the public directory and in the partner API."""

import re

import pytest
from playwright.sync_api import expect

from applications.choices import ApplicationStatus
from tests.applications.factories import ApplicationFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_approves_an_application_and_the_city_appears_in_the_directory(live_server, page):
    UserFactory(email="reviewer@citiesofpeace.example.org", is_staff=True, is_superuser=True)
    application = ApplicationFactory(
        complete=True, applicant=UserFactory(), name="Kisumu", status=ApplicationStatus.SUBMITTED
    )

    page.goto(live_server.url + "/admin/")
    page.wait_for_url("**/accounts/login/?next=%2Fadmin%2F")  # staff sign in on the accounts page
    page.get_by_label("Email:").fill("reviewer@citiesofpeace.example.org")
    page.get_by_label("Password:").fill("a-long-test-password")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/admin/")

    page.goto(live_server.url + f"/admin/applications/application/{application.pk}/change/")
    page.get_by_role("link", name="Take for review").click()
    page.get_by_role("button", name="Take for review").click()
    page.get_by_role("link", name="Approve").click()
    page.get_by_label("Message to the applicant").fill("Welcome to the network!")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text(re.compile(r"Kisumu is now City of Peace no\. \d+"))).to_be_visible()

    page.goto(live_server.url + "/cities/")
    page.get_by_role("link", name="Kisumu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kisumu")
    expect(page.get_by_text("Football league")).to_be_visible()

    # and partners see it through the API
    listed = page.request.get(live_server.url + "/api/v1/cities/?search=Kisumu").json()
    assert [city["name"] for city in listed["results"]] == ["Kisumu"]
