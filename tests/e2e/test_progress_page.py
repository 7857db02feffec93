"""The progress dashboard in a real browser: reached from the home page, readable by a screen reader (axe-core),
and on a phone without sideways scrolling."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from members.choices import CommunityType
from progress.services import progress_snapshot_take
from tests.factories import CityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def network():
    CityFactory(name="Ashland", region="Oregon", member_since=date(2010, 5, 1))
    CityFactory(
        name="Kisumu", country="KE", region="", community_type=CommunityType.COUNTY, member_since=date(2024, 6, 1)
    )
    progress_snapshot_take()


def test_visitor_follows_the_headline_to_the_dashboard(live_server, page, network):
    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("verdict")).to_contain_text("Behind")
    page.get_by_role("link", name="See the progress").click()
    page.wait_for_url("**/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Toward 1000 Cities of Peace by 2030")
    expect(page.get_by_role("img", name="Member cities over time")).to_be_visible()
    expect(page.get_by_role("table", name="Member cities at the end of each year")).to_be_visible()
    expect(page.get_by_role("table", name="By continent")).to_contain_text("Africa")


def test_the_dashboard_has_no_accessibility_violations(live_server, page, network):
    if not AXE.exists():
        pytest.skip("axe-core is installed by `npm ci` (make test runs it)")
    page.goto(live_server.url + "/progress/")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the browser itself: the page's CSP allows it
    violations = page.evaluate("async () => (await axe.run()).violations.map(v => `${v.id}: ${v.help}`)")
    assert violations == []


@pytest.mark.parametrize("prefix", ["", "/es", "/fr"])
def test_the_dashboard_fits_a_phone_screen(live_server, phone_page, network, prefix):
    # Spanish and French headings are longer: the year-end table scrolls in its own box, not the page.
    phone_page.goto(live_server.url + prefix + "/progress/")
    expect(phone_page.locator(".progress-chart, figure svg").first).to_be_visible()
    page_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 360, f"the page scrolls sideways on a phone: {page_width}px wide"
