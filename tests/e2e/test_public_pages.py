"""A visitor in a real browser: the home page, a city page, and the directory on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CityFactory, InitiativeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_goes_from_the_home_page_to_a_city(live_server, page):
    city = CityFactory(name="Ashland", region="Oregon", member_since="2012-01-15")
    InitiativeFactory(city=city, title="Ashland peace garden")
    CityFactory(name="Centerville", region="Ohio", member_since="2011-06-01")

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cities of Peace around the world")
    expect(page.get_by_test_id("member-count")).to_have_text("2")

    page.get_by_test_id("featured-initiatives").get_by_role("link", name="Ashland peace garden").click()
    page.wait_for_url("**/initiatives/**")
    page.get_by_role("link", name="Ashland", exact=True).first.click()
    page.wait_for_url("**/cities/ashland/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashland")
    expect(page.get_by_text("Ashland peace garden")).to_be_visible()


def test_public_pages_fit_a_phone_screen(live_server, phone_page):
    for number in range(3):
        city = CityFactory(
            name=f"Long-named community of peace number {number}", latitude="45.76", longitude=f"4.8{number}"
        )
        InitiativeFactory(city=city, title=f"A long-titled initiative for peace and dialogue number {number}")
    phone_page.goto(live_server.url + "/cities/")
    expect(phone_page.get_by_text("3 member cities")).to_be_visible()
    for path in ["/", "/cities/", f"/cities/{city.slug}/", "/initiatives/", "/progress/", "/map/", "/apply/"]:
        phone_page.goto(live_server.url + path)
        page_width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= 360, f"{path} scrolls sideways on a phone: {page_width}px wide"


def test_the_map_shows_every_member_city_from_the_api(live_server, page):
    CityFactory(name="Ashland", latitude="42.19", longitude="-122.70")
    CityFactory(name="Kisumu", country="KE", region="", latitude="-0.09", longitude="34.76")
    CityFactory(name="Nowhere", latitude=None, longitude=None)  # no location: listed, not mapped
    page.goto(live_server.url + "/map/")
    network_map = page.locator("[data-network-map]")
    expect(network_map).to_have_attribute("data-markers", "2")
    expect(page.get_by_role("link", name="The same cities as a list, with search and filters")).to_be_visible()


def test_visitor_searches_filters_opens_a_city_and_the_map(live_server, page):
    CityFactory(name="Lyon", country="FR", region="", latitude="45.76", longitude="4.84")
    CityFactory(name="Villeurbanne", country="FR", region="", latitude="45.77", longitude="4.88", community_type="town")
    CityFactory(name="Kisumu", country="KE", region="", latitude="-0.09", longitude="34.76")
    CityFactory(name="Ashland", region="Oregon", latitude="42.19", longitude="-122.70")

    page.goto(live_server.url + "/cities/")
    expect(page.get_by_role("status")).to_have_text("4 member cities")
    page.get_by_label("Search").fill("France")  # a country's name finds its cities
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("2 member cities")
    page.get_by_label("Community type").select_option("town")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 member city")
    expect(page.get_by_label("Search")).to_have_value("France")  # the filters stay as the visitor set them

    page.get_by_role("link", name="Villeurbanne").click()
    page.wait_for_url("**/cities/villeurbanne/")
    small_map = page.locator("[data-point-map]")
    expect(small_map).to_have_class(re.compile(r"\bmap-ready\b"))
    expect(small_map.locator(".leaflet-marker-icon")).to_have_count(1)  # the city itself
    expect(small_map.locator("path.leaflet-interactive")).to_have_count(1)  # Lyon, its neighbour

    page.get_by_role("link", name="Map").first.click()
    page.wait_for_url("**/map/")
    expect(page.locator("[data-network-map]")).to_have_attribute("data-markers", "4")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_partner_guide_keeps_its_code_and_tables_whole_on_a_phone(live_server, phone_page, language):
    phone_page.goto(f"{live_server.url}/api/docs/?lang={language}")
    receiver = phone_page.locator(".swagger-ui .info pre", has_text="def icp_event").first
    expect(receiver).to_be_visible()
    # Python keeps one statement a line (wrapped, its indentation would lie): the block scrolls sideways instead.
    shown_lines = receiver.evaluate(
        """block => {
            const range = document.createRange();
            range.selectNodeContents(block);
            return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
        }"""
    )
    assert shown_lines == len(receiver.inner_text().strip().splitlines())
    assert receiver.evaluate("block => block.scrollWidth > block.clientWidth")
    # The events table scrolls in its own box: none of it is cut off the page.
    events = phone_page.locator(".swagger-ui .info table", has_text="city.status_changed").first
    assert events.evaluate("table => table.scrollWidth > table.clientWidth")
    box = events.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
