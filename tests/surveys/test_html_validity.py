"""The survey's pages are valid HTML (the Nu Html Checker, as tests/icp_portal/test_html_validity.py)."""

import shutil

import pytest
from django.test import Client

from surveys.querysets import RESULTS_FLOOR
from tests.factories import CoordinatorFactory
from tests.icp_portal.test_html_validity import html_errors
from tests.surveys.factories import SurveyFactory, answer_survey

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(shutil.which("java") is None, reason="The HTML checker needs Java (.ci/run installs it).")
def test_the_survey_pages_are_valid_html(client, tmp_path):
    survey = SurveyFactory(year=2025, max_answers=RESULTS_FLOOR)  # full: its form is the closed page
    answer_survey(survey, RESULTS_FLOOR, open_answer="More <b>dialogue</b>")
    this_year = SurveyFactory(city=survey.city)
    answer_survey(this_year, RESULTS_FLOOR, open_answer="Lights")
    city, code = survey.city, this_year.code
    pages = {}
    for url in [f"/cities/{city.slug}/", f"/survey/{code}/", f"/survey/{code}/thanks/", f"/survey/{survey.code}/"]:
        pages[url] = client.get(url).content
    pages["invalid answer"] = Client().post(f"/survey/{code}/", {"feel_safe": "9"}).content
    browser = Client()
    browser.post(f"/survey/{code}/", {"feel_safe": "4"})
    pages["answered"] = browser.get(f"/survey/{code}/").content
    client.force_login(CoordinatorFactory(city=city).user)
    pages["survey page"] = client.get(f"/dashboard/cities/{city.slug}/survey/").content
    pages["open form errors"] = client.post(f"/dashboard/cities/{city.slug}/survey/", {"max_answers": "-1"}).content
    assert html_errors(pages, tmp_path) == []
