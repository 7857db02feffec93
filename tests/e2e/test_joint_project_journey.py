"""A joint project as two coordinators make it, in a real browser: Ana of Ashland invites Bologna to her
initiative, choosing it among the cities her search matches; Paz of Bologna follows the e-mail's link and accepts;
the initiative then shows on both city pages and the network's links on the progress page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from initiatives.choices import PartnershipStatus
from initiatives.models import InitiativePartner
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"  # the factories' password
LINK = re.compile(r"""https?://[^\s<>"')]+/dashboard/joint-projects/\d+/""")


def sign_in(page, base_url: str, email: str, next_path: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={next_path}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit], form[action*=login] button[type=submit]").first.click()
    page.wait_for_url(f"**{next_path}")


@pytest.mark.parametrize("width", [1280, 360])
def test_a_coordinator_invites_a_partner_city_and_its_coordinator_accepts(live_server, browser, settings, width):
    settings.PORTAL_BASE_URL = live_server.url
    ana = CoordinatorFactory(user__full_name="Ana Organiser", city=CityFactory(name="Ashland", slug="ashland"))
    paz = CoordinatorFactory(user__full_name="Paz Partner", city=CityFactory(name="Bologna", slug="bologna"))
    CityFactory(name="Bolotnoye", slug="bolotnoye", country="RU")  # a second match for the search
    garden = InitiativeFactory(city=ana.city, title="Peace garden")

    organiser = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    partners = f"/dashboard/cities/ashland/initiatives/{garden.pk}/partners/"
    sign_in(organiser, live_server.url, ana.user.email, partners)
    organiser.fill("input[name=city_name]", "bolo")
    organiser.get_by_role("button", name="Send the invitation").click()
    expect(organiser.locator("#id_city_name_error")).to_contain_text("Several member cities match")
    organiser.locator("input[name=city][value=bologna]").check()
    organiser.get_by_role("button", name="Send the invitation").click()
    expect(organiser.get_by_text("Bologna is invited")).to_be_visible()
    organiser.context.close()

    message = next(message for message in mail.outbox if message.to == [paz.user.email])
    assert message.body.startswith("Dear Paz Partner,")
    link = LINK.search(message.body).group(0)
    assert link.startswith(live_server.url)

    partner = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    answer = link.removeprefix(live_server.url)
    sign_in(partner, live_server.url, paz.user.email, answer)
    expect(partner.get_by_role("heading", name="Peace garden")).to_be_visible()
    partner.get_by_role("button", name="Accept").click()
    expect(partner.get_by_text("You accepted the invitation.")).to_be_visible()
    assert InitiativePartner.objects.get().status == PartnershipStatus.ACCEPTED

    for city, text in (("ashland", "Bologna"), ("bologna", "Peace garden")):
        partner.goto(f"{live_server.url}/cities/{city}/")
        expect(partner.get_by_test_id("joint-projects")).to_contain_text(text)
    partner.goto(f"{live_server.url}/progress/")
    expect(partner.get_by_test_id("joint-projects-impact").locator("rect.links-bar")).to_have_count(1)
    partner.context.close()
