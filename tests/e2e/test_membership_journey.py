"""The whole membership journey as people do it, in a real browser, every step reached from an e-mail's link:
a coordinator signs up and applies, four supporters answer, a reviewer asks for changes and approves, and the new
City of Peace shows in the directory, the API, the map and the progress.

Run once in English on a laptop and once in Spanish on a phone. Fields and buttons are found by their names, so
the same walk serves both languages. With JOURNEY_SCREENSHOTS=/some/dir every step leaves a full-page screenshot.
"""

import importlib
import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from applications.choices import ApplicationStatus
from applications.models import Application
from members.models import City
from progress.services import progress_snapshot_take
from tests.applications.conftest import PDF_BYTES
from tests.factories import UserFactory
from tests.outbox.email_checks import email_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR = "amina@kisumu.example.org"
REVIEWER = "grace@citiesofpeace.example.org"
SUPPORTERS = [f"supporter{number}@kisumu.example.org" for number in range(1, 5)]
LINK = re.compile(r"""https?://[^\s<>"')]+""")


@pytest.fixture(autouse=True)
def private_media_in_tmp(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reviewers_group(db):
    """The Reviewers group as its migration makes it: a browser test empties the tables it ran on, groups too."""
    from django.contrib.auth.models import Permission

    staff_groups = importlib.import_module("applications.migrations.0003_staff_groups")
    group, _created = Group.objects.get_or_create(name="Reviewers")
    for (app_label, model), action in staff_groups.GROUPS["Reviewers"]:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}"))
    return group


class Journey:
    """One run's browser, language and screenshots."""

    def __init__(self, browser, base_url: str, language: str, width: int, tmp_path: Path):
        self.browser = browser
        self.base_url = base_url
        self.language = language
        self.width = width
        self.prefix = "" if language == "en" else f"/{language}"
        self.tmp_path = tmp_path
        shots = os.environ.get("JOURNEY_SCREENSHOTS")
        self.shots = Path(shots) if shots else None
        self.shot_number = 0
        self.contexts = []
        self.too_wide: dict[str, int] = {}

    def new_page(self):
        """A browser of its own (a person of their own), at this run's width."""
        height = 740 if self.width < 400 else 900
        context = self.browser.new_context(
            viewport={"width": self.width, "height": height},
            is_mobile=self.width < 400,
            locale=self.language,  # the browser's own widgets (dates, file pickers) speak the person's language
        )
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    def url(self, path: str) -> str:
        return self.base_url + self.prefix + path

    def shot(self, page, what: str) -> None:
        """Notes a page wider than the screen, and saves its picture when asked to."""
        self.shot_number += 1
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > self.width:
            self.too_wide[what] = scroll_width
        if self.shots:
            self.shots.mkdir(parents=True, exist_ok=True)
            name = f"{self.shot_number:02d}-{self.language}-{self.width}-{what}.png"
            page.screenshot(path=str(self.shots / name), full_page=True)

    def save_emails(self, messages) -> None:
        """Next to the screenshots, every e-mail as its reader gets it, to read them too."""
        if self.shots:
            text = "\n\n".join(
                f"To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}" for message in messages
            )
            (self.shots / f"emails-{self.language}-{self.width}.txt").write_text(text, encoding="utf-8")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def last_email_to(address: str, containing: str = ""):
    """The newest e-mail to a person, with a link whose path holds `containing`."""
    for message in reversed(mail.outbox):
        if address in message.to and (not containing or containing in message.body):
            return message
    raise AssertionError(f"no e-mail to {address} with {containing!r}: {[m.subject for m in mail.outbox]}")


def link_in(message, containing: str) -> str:
    return next(link for link in LINK.findall(message.body) if containing in link)


def submit(page, name: str) -> None:
    page.locator(f"button[name={name}]").click()
    page.wait_for_load_state()


def fill(page, name: str, value: str) -> None:
    page.locator(f"[name='{name}']").fill(value)


def sign_up_and_verify(journey: Journey):
    page = journey.new_page()
    page.goto(journey.url("/"))
    journey.shot(page, "home")
    page.goto(journey.url("/accounts/signup/"))
    fill(page, "full_name", "Amina Otieno")
    fill(page, "role", "Chair of the peace committee")
    fill(page, "email", COORDINATOR)
    fill(page, "password1", "lake-victoria-2030")
    fill(page, "password2", "lake-victoria-2030")
    journey.shot(page, "sign-up")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/confirm-email/")
    journey.shot(page, "check-your-email")

    verification = last_email_to(COORDINATOR, "/accounts/confirm-email/")
    page.goto(link_in(verification, "/accounts/confirm-email/"))
    journey.shot(page, "confirm-email")
    page.locator("form[action*='confirm-email'] button[type=submit]").click()
    page.wait_for_url("**/dashboard/")
    journey.shot(page, "dashboard")
    return page


def apply_step_by_step(journey: Journey, page) -> Application:
    page.goto(journey.url("/apply/"))
    fill(page, "application-name", "Kisumu")
    page.locator("[name='application-community_type']").select_option("city")
    page.locator("[name='application-country']").select_option("KE")
    fill(page, "application-latitude", "-0.091702")
    fill(page, "application-longitude", "34.767956")
    journey.shot(page, "step-1-community")
    submit(page, "continue")

    page.locator("input[name='application-pathway'][value='proclamation']").check()
    expect(page.locator("[name='application-proclamation_adopted_on']")).to_be_visible()
    fill(page, "application-proclamation_adopted_on", "2025-09-21")
    document = journey.tmp_path / "signed-proclamation.pdf"
    document.write_bytes(PDF_BYTES)
    page.locator("[name='application-proclamation_document']").set_input_files(str(document))
    journey.shot(page, "step-2-pathway")
    submit(page, "continue")

    fill(page, "application-challenges", "Tension after elections.")
    fill(page, "application-actions", "Dialogue circles across estates.")
    fill(page, "application-vision", "A lakeside city where every estate talks to the next.")
    fill(page, "application-mission", "Bring neighbours together.")
    fill(page, "application-goals", "Twelve dialogue circles a year.")
    journey.shot(page, "step-3-statement")
    submit(page, "continue")

    fill(page, "initiatives-0-title", "Estate football league")
    page.locator("[name='initiatives-0-category']").select_option("youth")
    journey.shot(page, "step-4-initiatives")
    submit(page, "continue")

    for number, email in enumerate(SUPPORTERS):
        fill(page, f"supporters-{number}-name", f"Supporter {number + 1}")
        fill(page, f"supporters-{number}-email", email)
    journey.shot(page, "step-5-team")
    submit(page, "continue")

    photo = journey.tmp_path / "peace-garden.png"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 60)).save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())
    page.locator("[name='application-new_photos']").set_input_files(str(photo))
    page.locator("[name='application-photo_rights_confirmed']").check()
    journey.shot(page, "step-6-photos")
    submit(page, "continue")

    expect(page.get_by_text("Estate football league", exact=True)).to_be_visible()  # the answers, to read again
    page.locator("[name='application-principles_accepted']").check()
    journey.shot(page, "step-7-review")
    submit(page, "submit")
    expect(page.get_by_test_id("application-status")).to_be_visible()
    journey.shot(page, "submitted")
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.photos.count() == 1
    last_email_to(COORDINATOR, "/copy/")  # the receipt, with the printable copy
    return application


def supporters_answer(journey: Journey) -> None:
    """Each supporter opens the link of their own e-mail, in a browser of their own: three confirm, one declines."""
    for number, email in enumerate(SUPPORTERS):
        invitation = last_email_to(email, "/support/")
        page = journey.new_page()
        page.goto(link_in(invitation, "/support/"))
        journey.shot(page, f"supporter-{number + 1}")
        answer, outcome = ("decline", "declined") if number == len(SUPPORTERS) - 1 else ("confirm", "confirmed")
        page.locator(f"button[name={answer}]").click()
        expect(page.get_by_test_id(f"support-{outcome}")).to_be_visible()
        journey.shot(page, f"supporter-{number + 1}-{outcome}")


def reviewer_signs_in(journey: Journey, reviewers_group: Group):
    reviewer = UserFactory(email=REVIEWER, full_name="Grace Mwangi", is_staff=True)
    reviewer.groups.add(reviewers_group)
    page = journey.new_page()
    page.goto(journey.base_url + "/accounts/login/")
    fill(page, "login", REVIEWER)
    fill(page, "password", "a-long-test-password")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/dashboard/")
    return page


def reviewer_decides(journey: Journey, page, decision: str, message: str = "", what: str = "") -> None:
    """Opens the review page from the newest notice e-mail, then takes the decision on its own page."""
    notice = last_email_to(REVIEWER, "/admin/")
    page.goto(link_in(notice, "/admin/"))
    journey.shot(page, f"review-{what or decision}")
    if page.locator("a.decision-take").count() and decision != "take":
        page.locator("a.decision-take").click()
        page.locator("input[type=submit]").click()
    page.locator(f"a.decision-{decision}").click()
    if message:
        fill(page, "message", message)
    if decision == "approve":
        page.locator("[name=shortfall_accepted]").check()  # 4 of 5 confirmed: the reviewer says so explicitly
    journey.shot(page, f"decide-{decision}")
    page.locator("input[type=submit].default").click()
    expect(page.locator(".messagelist")).to_be_visible()
    journey.shot(page, f"decided-{decision}")


def coordinator_answers(journey: Journey, page) -> None:
    request = last_email_to(COORDINATOR, "/apply/")
    assert "Add the population figure" in request.body  # the reviewer's message, word for word
    page.goto(link_in(request, "/apply/"))
    journey.shot(page, "changes-requested")
    fill(page, "message", "The population is 610,082 (2019 census).")
    page.locator("form:has([name=message]) button[type=submit]").click()
    expect(page.locator(".message-success, .messages").first).to_be_visible()
    journey.shot(page, "answered")


def city_is_public(journey: Journey, page) -> None:
    city = City.objects.get(name="Kisumu")
    page.goto(journey.url("/cities/"))
    journey.shot(page, "directory")
    page.get_by_role("link", name="Kisumu").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kisumu")
    expect(page.get_by_text("A lakeside city where every estate talks to the next.")).to_be_visible()
    expect(page.locator("main img").first).to_be_visible()
    expect(page.locator("main")).to_contain_text(str(city.member_number))
    journey.shot(page, "city-page")

    listed = page.request.get(journey.base_url + "/api/v1/cities/?search=Kisumu").json()
    assert [each["name"] for each in listed["results"]] == ["Kisumu"]
    geojson = page.request.get(journey.base_url + "/api/v1/cities/?format=geojson").json()
    assert [feature["properties"]["name"] for feature in geojson["features"]] == ["Kisumu"]
    page.goto(journey.url("/map/"))
    expect(page.locator(".leaflet-marker-icon, path.leaflet-interactive").first).to_be_attached()
    journey.shot(page, "map")

    progress_snapshot_take()
    page.goto(journey.url("/progress/"))
    expect(page.locator("main")).to_contain_text(re.compile("[AÁ]frica"))  # by continent
    journey.shot(page, "progress")
    progress = page.request.get(journey.base_url + "/api/v1/progress/").json()
    snapshots = progress.get("results", progress) if isinstance(progress, dict) else progress
    latest = snapshots[-1] if isinstance(snapshots, list) else snapshots
    assert latest["members"] == 1, progress


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("es", 360)])
def test_a_community_becomes_a_city_of_peace(
    live_server, browser, settings, tmp_path, reviewers_group, language, width
):
    settings.PORTAL_BASE_URL = live_server.url
    settings.ICP_REVIEWER_NOTICES = "each"
    journey = Journey(browser, live_server.url, language, width, tmp_path)
    try:
        coordinator = sign_up_and_verify(journey)
        reviewer = reviewer_signs_in(journey, reviewers_group)
        application = apply_step_by_step(journey, coordinator)
        supporters_answer(journey)

        reviewer_decides(journey, reviewer, "request_changes", "Add the population figure and its year.")
        coordinator_answers(journey, coordinator)
        assert "610,082" in last_email_to(REVIEWER, "/admin/").body  # told again, with the answer
        reviewer_decides(journey, reviewer, "approve", "Welcome to the network!")
        application.refresh_from_db()
        assert application.status == ApplicationStatus.APPROVED
        approval = last_email_to(COORDINATOR)
        assert "Welcome to the network!" in approval.body

        city_is_public(journey, coordinator)
    finally:
        journey.close()

    journey.save_emails(mail.outbox)
    problems = {
        f"{message.subject} → {', '.join(message.to)}": email_problems(message, live_server.url)
        for message in mail.outbox
    }
    assert {subject: found for subject, found in problems.items() if found} == {}
    assert len(mail.outbox) >= 12
    assert journey.too_wide == {}, f"pages wider than the {width} px screen"
