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


def continue_(page) -> None:
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def walk_the_steps(page, tmp_path, *, javascript: bool, email_domain: str = "kisumu.example.org") -> None:
    """Applies step by step as a person does; without a script each choice is saved before its questions show."""
    expect(page.get_by_text("Step 1 of 7")).to_be_visible()
    expect(page.locator("#still-needed summary")).to_contain_text("Still needed before you can submit")
    continue_(page)  # an empty first step: told at the top, nothing stored
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert not Application.objects.exists()
    page.get_by_role("link", name="Give the name of the community.").first.click()
    page.get_by_label("Community name").fill("Kisumu")
    page.get_by_label("Community type").select_option("city")
    page.get_by_label("Country").select_option("KE")
    continue_(page)

    expect(page.get_by_text("Step 2 of 7")).to_be_visible()
    expect(page.get_by_label("Adopted on")).to_be_hidden()  # no pathway chosen yet: none of its questions
    page.get_by_label("Mayoral proclamation").check()
    if not javascript:
        continue_(page)
    expect(page.get_by_label("Adopted on")).to_be_visible()
    expect(page.locator("#id_application-peace_legacy")).to_be_hidden()
    page.get_by_label("Adopted on").fill("2025-09-21")
    not_a_pdf = tmp_path / "proclamation.pdf"
    not_a_pdf.write_bytes(b"GIF89a this is a picture, not a document")
    page.get_by_label("Signed document (PDF, up to 10 MB)").set_input_files(str(not_a_pdf))
    continue_(page)
    # the upload is refused at the top and next to its field; the date typed is kept
    expect(page.get_by_role("link", name="The document must be a PDF file.")).to_be_visible()
    assert page.get_by_label("Adopted on").input_value() == "2025-09-21"
    real_pdf = tmp_path / "signed-proclamation.pdf"
    real_pdf.write_bytes(PDF_BYTES)
    page.get_by_label("Signed document (PDF, up to 10 MB)").set_input_files(str(real_pdf))
    continue_(page)

    expect(page.get_by_text("Step 3 of 7")).to_be_visible()
    page.get_by_label("Challenges the community faces").fill("Tension after elections.")
    page.get_by_label("What the community does about them").fill("Dialogue circles across estates.")
    page.get_by_label("Vision").fill("A lakeside city where every estate talks to the next.")
    page.get_by_label("Mission").fill("Bring neighbours together.")
    page.get_by_label("Goals").fill("Twelve dialogue circles a year.")
    continue_(page)

    expect(page.get_by_text("Step 4 of 7")).to_be_visible()
    first = page.get_by_role("group", name="Initiative 1")
    first.get_by_label("Title").fill("Estate football league")
    first.get_by_label("Category").select_option("youth")
    add_another = "Add another initiative" if javascript else "Save and add another initiative"
    page.get_by_role("button", name=add_another).click()
    second = page.get_by_role("group", name="Initiative 2")
    second.get_by_label("Title").fill("Peace garden")
    second.get_by_label("Category").select_option("environment")
    assert first.get_by_label("Title").input_value() == "Estate football league"
    continue_(page)

    expect(page.get_by_text("Step 5 of 7")).to_be_visible()
    for number in range(4):
        row = page.get_by_role("group", name=f"Supporter {number + 1}")
        row.get_by_label("Name").fill(f"Supporter {number + 1}")
        row.get_by_label("E-mail").fill(f"supporter{number + 1}@{email_domain}")
    continue_(page)

    expect(page.get_by_text("Step 6 of 7")).to_be_visible()
    expect(page.get_by_text("Remove these photos")).to_have_count(0)  # no photos: no box to remove them
    continue_(page)

    expect(page.get_by_text("Step 7 of 7")).to_be_visible()
    expect(page.get_by_text("Peace garden", exact=True)).to_be_visible()  # the answers, to read before sending
    page.get_by_role("button", name="Submit to ICP").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("The principles of ICP must be accepted to apply.")
    if javascript:
        expect(summary).to_be_focused()
    page.get_by_label("We agree to the principles of International Cities of Peace").check()
    page.get_by_role("button", name="Submit to ICP").click()
    expect(page.get_by_test_id("application-status")).to_have_text("Submitted")
    application = Application.objects.get()
    assert application.initiatives.count() == 2
    assert application.proclamation_document.read().startswith(b"%PDF-")


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill("a-long-test-password")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def test_coordinator_signs_up_verifies_and_submits_an_application(live_server, page, tmp_path):
    sign_up_and_verify(page, live_server.url, "amina@kisumu.example.org")
    page.goto(live_server.url + "/apply/")
    walk_the_steps(page, tmp_path, javascript=True)
    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_test_id("applications").get_by_role("row", name=re.compile("Kisumu.*Submitted"))).to_be_visible()
    page.get_by_role("link", name="printable copy").click()
    expect(page.get_by_text("A lakeside city where every estate talks to the next.")).to_be_visible()


@pytest.mark.parametrize(("width", "javascript"), [(1280, False), (360, True), (360, False)])
def test_the_steps_work_on_a_phone_and_without_javascript(live_server, browser, tmp_path, width, javascript):
    from tests.factories import UserFactory

    UserFactory(email="amina@kisumu.example.org")
    context = browser.new_context(
        viewport={"width": width, "height": 740 if width < 400 else 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server.url, "amina@kisumu.example.org")
        page.goto(live_server.url + "/apply/")
        walk_the_steps(page, tmp_path, javascript=javascript)
        # nothing wider than the screen on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("link", name="Withdraw the application…").click()
        page.get_by_role("button", name="Yes, withdraw the application").click()
        expect(page.get_by_test_id("application-status")).to_have_text("Withdrawn")
    finally:
        context.close()


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
