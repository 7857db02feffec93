"""A coordinator files the yearly report with a photo in a real browser, staff accept it in admin, and the report
shows, photo and all, on the city's public page."""

import io
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from reports.choices import ReportStatus
from reports.models import Report
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory, UserFactory
from tests.reports.factories import member_since_for_open_window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def private_media_in_tmp(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def signed_in(browser, live_server, user, width: int):
    """A browser context with the person's session, as after signing in (sign-in has journeys of its own)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_a_report_with_a_photo_is_filed_accepted_and_published(browser, live_server, tmp_path):
    year = timezone.localdate().year
    city = CityFactory(name="Kisumu", slug="kisumu", country="KE", member_since=member_since_for_open_window())
    InitiativeFactory(city=city, title="Peace circles", start_date=timezone.localdate(), end_date=None)
    coordinator = CoordinatorFactory(city=city, user__full_name="Amina Otieno").user
    photo = tmp_path / "festival.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 120, 60)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())

    page = signed_in(browser, live_server, coordinator, 360)
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name=f"File the {year} report").click()
    expect(page.locator("#id_report-activities")).to_have_value("• Peace circles")
    for name, value in [
        ("events_held", "12"),
        ("participants", "640"),
        ("volunteers", "35"),
        ("partner_organisations", "8"),
        ("people_reached", "4200"),
        ("hours_volunteered", "900"),
    ]:
        page.fill(f"#id_report-{name}", value)
    page.fill("#id_report-story", "The traders now run the festival together.")
    page.fill("#id_report-plans", "A mediation desk at the town hall.")
    page.fill("#id_indicators-0-name", "School fights reported")
    page.fill("#id_indicators-0-value", "14")
    page.set_input_files("#id_photos-0-image", str(photo))
    page.fill("#id_photos-0-caption", "The festival")
    page.fill("#id_photos-0-credit", "Photo: J. Achieng, shared with permission")
    page.get_by_role("button", name="Save and send to ICP").click()
    expect(page.get_by_text("your report is with ICP")).to_be_visible()
    report = Report.objects.get(city=city, year=year)
    assert report.status == ReportStatus.SUBMITTED and report.photos.count() == 1

    staff = signed_in(browser, live_server, UserFactory(is_staff=True, is_superuser=True), 1280)
    staff.goto(f"{live_server.url}/admin/reports/report/")
    staff.get_by_role("link", name="Kisumu").first.click()
    staff.locator("a.decision-accept").click()
    staff.get_by_role("button", name="Accept and publish").click()
    expect(staff.get_by_text("Accept and publish: done for")).to_be_visible()

    visitor = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    visitor.goto(f"{live_server.url}/cities/kisumu/")
    visitor.get_by_role("link", name=f"Report {year}").click()
    expect(visitor.get_by_role("heading", name=f"Kisumu: yearly report {year}")).to_be_visible()
    image = visitor.get_by_role("img", name="The festival")
    expect(image).to_be_visible()
    assert image.evaluate("element => element.complete && element.naturalWidth") == 300
