"""The maps in a real browser: names typed by applicants and coordinators are shown as text, never as markup, and
the markers' images load from hashed static files as in production."""

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

from applications.choices import ApplicationStatus
from tests.applications.factories import ApplicationFactory
from tests.factories import CityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Markup a tooltip or popup given as an HTML string would create (an image, bold text) and run if the CSP did not
# stop it (the handler).
HOSTILE_NAME = '<img src=x onerror="window.injected=1"><b>Bold</b>'


def assert_shown_as_text(overlay, page) -> None:
    expect(overlay).to_have_text(HOSTILE_NAME)
    expect(overlay.locator("img, b")).to_have_count(0)
    assert page.evaluate("window.injected") is None


def test_a_city_name_is_text_in_the_tooltip_on_its_own_page(live_server, page):
    city = CityFactory(name=HOSTILE_NAME, latitude="45.76", longitude="4.84")
    page.goto(live_server.url + city.get_absolute_url())
    page.locator("[data-point-map] .leaflet-marker-icon").hover()
    assert_shown_as_text(page.locator(".leaflet-tooltip"), page)


def test_a_city_name_is_text_in_the_tooltip_on_a_neighbours_page(live_server, page):
    neighbour = CityFactory(name="Lyon", latitude="45.76", longitude="4.84")
    CityFactory(name=HOSTILE_NAME, latitude="45.60", longitude="4.84")  # 18 km south, below Lyon's marker
    page.goto(live_server.url + neighbour.get_absolute_url())
    page.locator("[data-point-map] path.leaflet-interactive").hover()
    assert_shown_as_text(page.locator(".leaflet-tooltip"), page)


def test_a_city_name_is_text_in_the_popup_of_the_network_map(live_server, page):
    CityFactory(name=HOSTILE_NAME, latitude="45.76", longitude="4.84")
    page.goto(live_server.url + "/map/")
    expect(page.locator("[data-network-map]")).to_have_attribute("data-markers", "1")
    page.locator("[data-network-map] .leaflet-marker-icon").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link")).to_have_text(HOSTILE_NAME)
    expect(popup.locator("img, b")).to_have_count(0)
    assert page.evaluate("window.injected") is None


def test_an_application_name_is_text_in_the_tooltip_on_the_staff_review_page(live_server, page, settings):
    application = ApplicationFactory(
        complete=True,
        applicant=UserFactory(),
        name=HOSTILE_NAME,
        status=ApplicationStatus.SUBMITTED,
        latitude="-0.09",
        longitude="34.76",
    )
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    session = staff.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])

    page.goto(live_server.url + f"/admin/applications/application/{application.pk}/change/")
    page.locator("[data-point-map] .leaflet-marker-icon").hover()
    assert_shown_as_text(page.locator(".leaflet-tooltip"), page)


@pytest.fixture
def production_static_server(settings, tmp_path):
    """The portal as deployed: DEBUG off, `collectstatic` with hashed names, files served by WhiteNoise from
    STATIC_ROOT (the usual live server serves them from the app folders, where hashed names do not exist)."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # An in-memory SQLite test database is shared with the server's thread, as pytest-django's live server does.
    shared = {each.alias: each for each in connections.all() if each.vendor == "sqlite" and each.is_in_memory_db()}
    server = LiveServerThread("localhost", static_handler=lambda application: application, connections_override=shared)
    server.daemon = True
    for connection in shared.values():
        connection.inc_thread_sharing()
    server.start()
    server.is_ready.wait()
    try:
        if server.error:
            raise server.error
        yield f"http://localhost:{server.port}"
    finally:
        server.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()


def test_marker_images_load_from_hashed_static_files_with_debug_off(production_static_server, page):
    city = CityFactory(name="Lyon", latitude="45.76", longitude="4.84")
    CityFactory(name="Kisumu", latitude="-0.09", longitude="34.76")  # far enough not to join Lyon in a cluster
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)

    for path in [city.get_absolute_url(), "/map/"]:
        page.goto(production_static_server + path)
        # Leaflet's images, 25 and 41 pixels wide; an image that failed to load is 0 wide.
        expect(page.locator("img.leaflet-marker-icon").first).to_have_js_property("naturalWidth", 25)
        expect(page.locator("img.leaflet-marker-shadow").first).to_have_js_property("naturalWidth", 41)
    assert failed == []
