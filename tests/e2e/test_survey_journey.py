"""The community survey in a real browser (issue 17): a coordinator opens it from the dashboard and takes its QR
code; twelve people answer it on their phones, each in a fresh browser; the results appear on the city page only
with the tenth answer."""

import io

import pytest
import zxingcpp
from django.conf import settings as django_settings
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from surveys.models import SurveyAnswer
from tests.factories import CityFactory, CoordinatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_context(browser, base_url: str, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    return context


def answer_on_a_phone(browser, link: str, number: int) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(link)
    questions = page.locator("fieldset.survey-question")
    for index in range(questions.count()):
        questions.nth(index).get_by_role("radio").nth(number % 5).check()
    page.get_by_role("textbox").fill(f"Idea number {number}")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_test_id("survey-thanks")).to_be_visible()
    page.goto(link)  # the same browser again: one answer per browser
    expect(page.get_by_test_id("survey-answered")).to_be_visible()
    context.close()


def test_a_community_answers_its_survey_and_sees_the_results_from_the_tenth_answer(live_server, browser, settings):
    settings.PORTAL_BASE_URL = live_server.url
    city = CityFactory(name="Kisumu", slug="kisumu", country="KE")
    coordinator = CoordinatorFactory(city=city).user
    context = signed_in_context(browser, live_server.url, coordinator)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("link", name="Community survey").click()
    page.get_by_label("Maximum number of answers").fill("100")
    page.get_by_role("button", name="Open the survey").click()
    link = page.get_by_test_id("survey-link").get_attribute("href")
    assert link.startswith(live_server.url + "/survey/")
    poster = page.request.get(live_server.url + page.get_by_role("link", name="PNG").get_attribute("href"))
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(poster.body())))] == [link]

    for number in range(1, 13):
        answer_on_a_phone(browser, link, number)
        if number in (9, 10):
            public = browser.new_page()
            public.goto(f"{live_server.url}/cities/{city.slug}/")
            expect(public.get_by_test_id("survey-results")).to_have_count(1 if number == 10 else 0)
            public.close()
        if number == 9:
            page.reload()
            expect(page.get_by_test_id("more-needed")).to_contain_text("1 more answer needed")

    assert SurveyAnswer.objects.count() == 12
    page.reload()
    expect(page.get_by_test_id("survey-status")).to_contain_text("12 answers so far")
    expect(page.locator("[data-question=feel_safe] table")).to_be_visible()
    page.get_by_text("Read 12 open answers").click()
    expect(page.get_by_test_id("open-answers")).to_contain_text("Idea number 12")
    public = browser.new_page()
    public.goto(f"{live_server.url}/cities/{city.slug}/")
    expect(public.get_by_test_id("survey-results")).to_contain_text("12 answers")
    expect(public.locator("body")).not_to_contain_text("Idea number")
    public.close()
    context.close()


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_survey_form_and_results_have_no_serious_accessibility_violation(live_server, browser, language, width):
    from tests.e2e.test_accessibility import AXE, SERIOUS_VIOLATIONS
    from tests.surveys.factories import SurveyFactory, answer_survey

    if not AXE.exists():
        pytest.skip("axe-core is installed by `npm ci` (make test runs it)")
    survey = SurveyFactory(city=CityFactory(name="Kisumu", slug="kisumu", country="KE"))
    answer_survey(survey, 10)
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale=language, extra_http_headers={"Accept-Language": language}
    )
    page = context.new_page()
    try:
        for path in (f"/survey/{survey.code}/", "/cities/kisumu/"):
            page.goto(live_server.url + path)
            page.evaluate(AXE.read_text(encoding="utf-8"))
            assert page.evaluate(SERIOUS_VIOLATIONS) == [], f"{language} {width} {path}"
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways"
    finally:
        context.close()
