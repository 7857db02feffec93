"""A coordinator downloads the city's membership certificate from the dashboard in a real browser; the QR code
printed on it, read from the rendered page, opens the public check, which says the membership is genuine and
current."""

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from tests.factories import CityFactory, CoordinatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_certificate_downloaded_from_the_dashboard_leads_by_its_qr_code_to_the_public_check(
    browser, live_server, settings, width
):
    settings.PORTAL_BASE_URL = live_server.url  # the QR code points where the portal answers
    city = CityFactory(name="Kisumu", country="KE", member_number=458)
    coordinator = CoordinatorFactory(city=city, user__full_name="Amina Otieno").user
    client = Client()
    client.force_login(coordinator)
    context = browser.new_context(viewport={"width": width, "height": 800}, accept_downloads=True)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/dashboard/")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="A4").click()
    document = downloading.value
    assert document.suggested_filename.endswith(".pdf")
    rendered = pypdfium2.PdfDocument(document.path().read_bytes())[0].render(scale=3).to_pil()
    (code,) = zxingcpp.read_barcodes(rendered)
    assert code.text.startswith(f"{live_server.url}/verify/")

    page.goto(code.text)
    expect(page.get_by_test_id("certificate-verdict")).to_contain_text(
        "This certificate is genuine and the membership is current."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate check")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
