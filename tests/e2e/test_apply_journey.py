"""A coordinator's first visit, in a real browser: sign up, verify, apply with a PDF, see it submitted."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application
from tests.applications.conftest import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_media_in_tmp(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def path_of_link(body: str, marker: str) -> str:
    link = re.search(rf"https?://\S+{re.escape(marker)}\S*", body).group(0)
    return link[link.index(marker) :]


def sign_up_and_verify(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/signup/")
    page.get_by_label("Full name").fill("Amina Otieno")
    page.get_by_label("Your role in the community").fill("Chair of the peace committee")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill("lake-victoria-2030")
    page.get_by_label("Password (again)").fill("lake-victoria-2030")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    verification = next(message for message in mail.outbox if email in message.to)
    page.goto(base_url + path_of_link(verification.body, "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/dashboard/")


def fill_application(page) -> None:
    page.get_by_label("Community name").fill("Kisumu")
    page.get_by_label("Community type").select_option("city")
    page.get_by_label("Country").select_option("KE")
    page.get_by_label("Mayoral proclamation").check()
    page.get_by_label("Adopted on").fill("2025-09-21")
    page.get_by_label("Challenges the community faces").fill("Tension after elections.")
    page.get_by_label("What the community does about them").fill("Dialogue circles across estates.")
    page.get_by_label("Vision:", exact=True).fill("A lakeside city where every estate talks to the next.")
    page.get_by_label("Mission:", exact=True).fill("Bring neighbours together.")
    page.get_by_label("Goals:", exact=True).fill("Twelve dialogue circles a year.")
    for number in range(4):
        row = page.get_by_role("group", name=f"Supporter {number + 1}")
        row.get_by_label("Name").fill(f"Supporter {number + 1}")
        row.get_by_label("E-mail").fill(f"supporter{number + 1}@kisumu.example.org")
    first_initiative = page.get_by_role("group", name="Initiative 1")
    first_initiative.get_by_label("Title").fill("Estate football league")
    first_initiative.get_by_label("Category").select_option("youth")
    page.get_by_label("We agree to the principles of International Cities of Peace").check()


def test_coordinator_signs_up_verifies_and_submits_an_application(live_server, page, tmp_path):
    sign_up_and_verify(page, live_server.url, "amina@kisumu.example.org")

    page.goto(live_server.url + "/apply/")
    fill_application(page)
    not_a_pdf = tmp_path / "proclamation.pdf"
    not_a_pdf.write_bytes(b"GIF89a this is a picture, not a document")
    page.get_by_label("Signed document (PDF, up to 10 MB)").set_input_files(str(not_a_pdf))
    page.get_by_role("button", name="Submit to ICP").click()

    # the upload is refused next to its field, and everything else typed is still there
    expect(page.get_by_text("The document must be a PDF file.")).to_be_visible()
    assert page.get_by_label("Mission:", exact=True).input_value() == "Bring neighbours together."
    assert page.get_by_role("group", name="Supporter 4").get_by_label("E-mail").input_value() == (
        "supporter4@kisumu.example.org"
    )

    real_pdf = tmp_path / "signed-proclamation.pdf"
    real_pdf.write_bytes(PDF_BYTES)
    page.get_by_label("Signed document (PDF, up to 10 MB)").set_input_files(str(real_pdf))
    page.get_by_role("button", name="Submit to ICP").click()

    expect(page.get_by_test_id("application-status")).to_have_text("Submitted")
    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_test_id("applications").get_by_role("row", name=re.compile("Kisumu.*Submitted"))).to_be_visible()
    assert Application.objects.get().proclamation_document.read().startswith(b"%PDF-")


def test_the_location_can_be_picked_on_the_map(live_server, page):
    from tests.factories import UserFactory

    UserFactory(email="picker@example.org")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email:").fill("picker@example.org")
    page.get_by_label("Password:").fill("a-long-test-password")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")
    page.goto(live_server.url + "/apply/")
    world = page.locator(".map-picker.map-ready")
    expect(world).to_be_visible()
    expect(page.locator(".map-picker path.leaflet-interactive, .map-picker svg path").first).to_be_attached()
    world.click(position={"x": 200, "y": 120})
    latitude = float(page.get_by_label("Latitude:").input_value())
    longitude = float(page.get_by_label("Longitude:").input_value())
    assert -90 <= latitude <= 90 and -180 <= longitude <= 180
