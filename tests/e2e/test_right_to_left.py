"""Arabic reads right to left: the application's first step on a 360 px phone, its labels, errors and buttons laid
out from the right, and nothing pushing the page sideways. The words are those of the catalog, so the test finds
things by their fields, never by their text."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from applications.models import Application
from tests.factories import CityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT_BOX = """element => { const range = document.createRange(); range.selectNodeContents(element);
    const box = range.getBoundingClientRect(); return {left: box.left, right: box.right}; }"""


def sign_in(page, base_url: str, user) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


def text_box(locator) -> dict:
    """Where the words of an element are, not its block (a label's block spans the whole line)."""
    return locator.evaluate(TEXT_BOX)


def test_the_first_step_of_the_application_in_arabic_on_a_phone_reads_from_the_right(live_server, phone_page):
    page = phone_page
    sign_in(page, live_server.url, UserFactory(full_name="أمينة أوتينو", role="رئيسة لجنة السلام", language="ar"))
    page.goto(live_server.url + "/ar/apply/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"

    name = page.locator("#id_application-name")
    name_label = page.locator("label[for='id_application-name']")
    field, words = name.bounding_box(), text_box(name_label)
    # The label's words start at the field's right edge and end before its left edge.
    assert abs(words["right"] - (field["x"] + field["width"])) <= 2
    assert words["left"] > field["x"] + 16
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    continue_button = page.locator("button[name='continue']")
    continue_button.click()  # an empty first step: the error summary, its list from the right
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    first_error = summary.locator("li a").first
    summary_box, error_words = summary.bounding_box(), text_box(first_error)
    assert summary_box["x"] + summary_box["width"] - error_words["right"] < 60
    assert error_words["left"] - summary_box["x"] > 20

    name.fill("مدينة السلام")
    page.locator("#id_application-community_type").select_option("city")
    page.locator("#id_application-country").select_option("EG")
    button, field = continue_button.bounding_box(), name.bounding_box()
    # On a phone the button takes the whole line under the fields, so it reaches the left edge where the fields end.
    assert abs(button["x"] - field["x"]) <= 20 and button["width"] >= field["width"] - 4
    continue_button.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.locator(".steps li.current .step-number")).to_have_text("2")
    application = Application.objects.get()
    assert (application.name, application.country, application.community_type) == ("مدينة السلام", "EG", "city")


def test_the_network_map_keeps_its_controls_and_speaks_the_pages_language_in_its_popups(live_server, page):
    CityFactory(name="الإسكندرية", slug="alexandria", country="EG", region="", latitude="31.2", longitude="29.92")
    page.goto(live_server.url + "/ar/map/")
    network_map = page.locator("[data-network-map]")
    expect(network_map).to_have_attribute("data-markers", "1")
    assert network_map.get_attribute("dir") == "ltr"  # Leaflet's own layout: zoom at the top left, as drawn
    page.locator("[data-network-map] .leaflet-marker-icon").click()
    popup = page.locator(".leaflet-popup-content > div")
    expect(popup.get_by_role("link")).to_have_attribute("href", "/ar/cities/alexandria/")
    expect(popup).to_have_attribute("dir", "rtl")
    expect(popup).to_contain_text("مصر")  # Egypt in Arabic, whatever the browser's own language
