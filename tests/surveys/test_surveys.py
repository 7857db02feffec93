"""The community survey (issue 17): a coordinator opens it, anyone answers it anonymously through its link or QR
code, once per browser, until it closes; results show only in aggregate and only from 10 answers on."""

import datetime
import io
import json
import re
from pathlib import Path

import pytest
import zxingcpp
from defusedxml import ElementTree
from django.db import connection
from django.test import Client
from django.utils import timezone
from PIL import Image, ImageDraw

from surveys.models import Survey, SurveyAnswer, SurveyRating
from surveys.querysets import RESULTS_FLOOR
from surveys.questions import question_set
from surveys.selectors import city_survey_results, network_survey_results, survey_results
from surveys.views import survey_public_url
from tests.factories import CityFactory, CoordinatorFactory, UserFactory
from tests.surveys.factories import SurveyFactory, answer_survey

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def city():
    return CityFactory(name="Kisumu", slug="kisumu", country="KE")


@pytest.fixture
def coordinator(city):
    return CoordinatorFactory(city=city).user


@pytest.fixture
def survey(city):
    return SurveyFactory(city=city)


def answer_form(rating: int = 4, **extra) -> dict:
    return dict.fromkeys(question_set().keys, str(rating)) | {"open_answer": "", "website": ""} | extra


def answer_from_a_new_browser(survey, rating: int = 4, **extra):
    return Client().post(f"/survey/{survey.code}/", answer_form(rating, **extra))


# Opening, sharing and closing -------------------------------------------------------------------------------


def test_a_coordinator_opens_this_years_survey_with_a_closing_date(client, city, coordinator):
    client.force_login(coordinator)
    closes_on = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(f"/dashboard/cities/{city.slug}/survey/", {"closes_on": closes_on.isoformat()})
    assert response.status_code == 302
    survey = Survey.objects.get(city=city)
    assert (survey.year, survey.closes_on, survey.max_answers) == (THIS_YEAR, closes_on, None)
    assert survey.question_set_version == question_set().version
    page = client.get(f"/dashboard/cities/{city.slug}/survey/").content.decode()
    assert survey_public_url(survey) in page
    assert f"{RESULTS_FLOOR} more answers needed" in page


def test_a_survey_without_a_closing_date_or_a_maximum_is_refused_with_the_reason(client, city, coordinator):
    client.force_login(coordinator)
    response = client.post(f"/dashboard/cities/{city.slug}/survey/", {"closes_on": "", "max_answers": ""})
    assert response.status_code == 400
    assert "Give a last day for answers, a maximum number of answers, or both." in response.content.decode()
    assert not Survey.objects.exists()


def test_a_closing_date_in_the_past_is_refused_next_to_the_date(client, city, coordinator):
    client.force_login(coordinator)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(f"/dashboard/cities/{city.slug}/survey/", {"closes_on": yesterday.isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors["closes_on"] == ["The last day for answers cannot be in the past."]


def test_a_second_survey_in_the_same_year_is_refused(client, city, coordinator, survey):
    client.force_login(coordinator)
    response = client.post(f"/dashboard/cities/{city.slug}/survey/", {"max_answers": "50"})
    assert response.status_code == 400
    assert "already has a survey this year" in response.content.decode()
    assert Survey.objects.count() == 1


def qr_from_svg(svg: bytes) -> str:
    """Draws the SVG's squares (qrcode's path of unit squares) and reads the QR code they make."""
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    size = int(root.get("viewBox").split()[2])
    path = root.find("{http://www.w3.org/2000/svg}path").get("d")
    image = Image.new("L", (size * 10, size * 10), 255)
    draw = ImageDraw.Draw(image)
    for x, y in re.findall(r"M(\d+),(\d+)H", path):
        draw.rectangle([int(x) * 10, int(y) * 10, int(x) * 10 + 9, int(y) * 10 + 9], fill=0)
    return zxingcpp.read_barcodes(image)[0].text


def test_the_posters_qr_code_leads_to_the_public_form_as_png_and_svg(client, city, coordinator, survey, settings):
    client.force_login(coordinator)
    png = client.get(f"/dashboard/cities/{city.slug}/survey/{survey.year}/qr.png")
    assert png["Content-Type"] == "image/png"
    assert min(Image.open(io.BytesIO(png.content)).size) >= 1000  # sharp on an A4 poster
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))] == [
        f"{settings.PORTAL_BASE_URL}/survey/{survey.code}/"
    ]
    svg = client.get(f"/dashboard/cities/{city.slug}/survey/{survey.year}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert qr_from_svg(svg.content) == f"{settings.PORTAL_BASE_URL}/survey/{survey.code}/"


def test_the_coordinator_closes_the_survey_early(client, city, coordinator, survey):
    client.force_login(coordinator)
    assert client.post(f"/dashboard/cities/{city.slug}/survey/{survey.year}/close/").status_code == 302
    survey.refresh_from_db()
    assert survey.closed_at is not None
    response = Client().get(f"/survey/{survey.code}/")
    assert "takes no more answers" in response.content.decode()
    assert answer_from_a_new_browser(survey).status_code == 200
    assert not SurveyAnswer.objects.exists()


# Answering ------------------------------------------------------------------------------------------------------


def test_anyone_answers_without_an_account_and_is_thanked(survey):
    browser = Client()
    form = browser.get(f"/survey/{survey.code}/").content.decode()
    for question in question_set().questions:
        assert question.text in form
    assert form.count("<fieldset") == len(question_set().questions)
    assert form.count('type="radio"') == 5 * len(question_set().questions)
    response = browser.post(f"/survey/{survey.code}/", answer_form(5, open_answer="More youth dialogues."))
    assert response.status_code == 302
    assert browser.get(response["Location"]).status_code == 200
    answer = SurveyAnswer.objects.get()
    assert answer.open_answer == "More youth dialogues."
    assert sorted(answer.ratings.values_list("question", "value")) == sorted((key, 5) for key in question_set().keys)


def test_the_form_speaks_the_visitors_language(survey):
    page = Client().get(f"/survey/{survey.code}/", headers={"Accept-Language": "es"}).content.decode()
    assert "Me siento seguro o segura en mi comunidad." in page
    assert "Muy de acuerdo" in page
    page = Client().get(f"/fr/survey/{survey.code}/").content.decode()
    assert "Je me sens en sécurité dans ma communauté." in page


def test_a_question_may_be_skipped_but_not_all_of_them(survey):
    skipped = answer_form(3) | {question_set().keys[0]: ""}
    assert Client().post(f"/survey/{survey.code}/", skipped).status_code == 302
    assert SurveyRating.objects.count() == len(question_set().keys) - 1
    empty = dict.fromkeys(question_set().keys, "") | {"open_answer": "  "}
    response = Client().post(f"/survey/{survey.code}/", empty)
    assert response.status_code == 400
    assert "Answer at least one question before you send." in response.content.decode()
    assert SurveyAnswer.objects.count() == 1


def test_a_rating_off_the_scale_is_refused_next_to_its_question_and_the_rest_is_kept(survey):
    key = question_set().keys[1]
    response = Client().post(f"/survey/{survey.code}/", answer_form(4, open_answer="Kept text") | {key: "9"})
    assert response.status_code == 400
    assert key in response.context["form"].errors
    page = response.content.decode()
    assert "Kept text" in page
    assert len(re.findall(r'value="4"[^>]* checked', page)) == len(question_set().keys) - 1
    assert not SurveyAnswer.objects.exists()


def test_one_answer_per_browser(survey):
    browser = Client()
    assert browser.post(f"/survey/{survey.code}/", answer_form()).status_code == 302
    again = browser.get(f"/survey/{survey.code}/")
    assert "already sent an answer" in again.content.decode()
    assert browser.post(f"/survey/{survey.code}/", answer_form()).status_code == 200
    assert SurveyAnswer.objects.count() == 1
    # Another browser (another person at the same address) still answers.
    assert answer_from_a_new_browser(survey).status_code == 302
    assert SurveyAnswer.objects.count() == 2


def test_a_forged_answered_cookie_is_ignored(survey):
    browser = Client()
    browser.cookies[f"survey-{survey.code}"] = survey.code  # not signed by the portal
    assert "already sent an answer" not in browser.get(f"/survey/{survey.code}/").content.decode()


def test_a_bot_that_fills_the_honeypot_is_thanked_and_nothing_is_stored(survey):
    response = answer_from_a_new_browser(survey, website="https://spam.example")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/survey/{survey.code}/thanks/")
    assert not SurveyAnswer.objects.exists()
    assert not SurveyRating.objects.exists()


def test_answers_from_one_address_are_rate_limited_and_the_answer_is_kept_on_the_page(survey, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "survey_answers": "2/hour"},
    }
    assert answer_from_a_new_browser(survey).status_code == 302
    assert answer_from_a_new_browser(survey).status_code == 302
    refused = answer_from_a_new_browser(survey, open_answer="Please keep me")
    assert refused.status_code == 429
    assert "Please try again later" in refused.content.decode()
    assert "Please keep me" in refused.content.decode()
    assert SurveyAnswer.objects.count() == 2
    # Another address is counted apart.
    other = Client(REMOTE_ADDR="198.51.100.7").post(f"/survey/{survey.code}/", answer_form())
    assert other.status_code == 302


def test_the_survey_closes_after_its_last_day(survey):
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    page = Client().get(f"/survey/{survey.code}/")
    assert page.status_code == 200
    assert "This survey is closed" in page.content.decode()
    assert answer_from_a_new_browser(survey).status_code == 200
    assert not SurveyAnswer.objects.exists()


def test_the_survey_takes_answers_on_its_last_day(survey):
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate())
    assert answer_from_a_new_browser(survey).status_code == 302


def test_the_survey_closes_at_its_maximum_number_of_answers(city):
    survey = SurveyFactory(city=city, closes_on=None, max_answers=2)
    assert answer_from_a_new_browser(survey).status_code == 302
    assert answer_from_a_new_browser(survey).status_code == 302
    assert "This survey is closed" in Client().get(f"/survey/{survey.code}/").content.decode()
    assert answer_from_a_new_browser(survey).status_code == 200
    assert SurveyAnswer.objects.count() == 2


def test_an_unknown_survey_code_is_not_found(db):
    assert Client().get("/survey/no-such-code/").status_code == 404


# Anonymity ------------------------------------------------------------------------------------------------------


def test_an_answer_stores_nothing_that_points_to_who_gave_it(survey):
    assert {field.name for field in SurveyAnswer._meta.get_fields()} == {
        "id",
        "survey",
        "answered_on",
        "language",
        "open_answer",
        "ratings",
    }
    assert {field.name for field in SurveyRating._meta.get_fields()} == {"id", "answer", "question", "value"}
    user = UserFactory(email="signed.in@example.org")
    browser = Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="AgentSmith/1.0 (Exotic)")
    browser.force_login(user)
    assert browser.post(f"/survey/{survey.code}/", answer_form(2, open_answer="Safer streets")).status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_surveyanswer")
        answer_row = cursor.fetchall()
        cursor.execute("SELECT * FROM surveys_surveyrating")
        rating_rows = cursor.fetchall()
    stored = repr(answer_row) + repr(rating_rows)
    for trace in ("203.0.113.77", "AgentSmith", "signed.in@example.org"):
        assert trace not in stored
    # Every stored value besides the rows' own ids is known: the user's id is nowhere (a search for its digits in
    # the rows' text would also find them inside other ids).
    assert answer_row[0][1:] == (timezone.localdate(), "en", "Safer streets", survey.pk)
    assert {row[2:] for row in rating_rows} == {(2, answer_row[0][0])}


# Results ------------------------------------------------------------------------------------------------------


def test_results_show_only_from_the_tenth_answer(client, city, coordinator, survey):
    answer_survey(survey, RESULTS_FLOOR - 1)
    assert survey_results(survey) is None
    assert 'data-testid="survey-results"' not in client.get(f"/cities/{city.slug}/").content.decode()
    client.force_login(coordinator)
    assert "1 more answer needed" in client.get(f"/dashboard/cities/{city.slug}/survey/").content.decode()
    answer_survey(survey, 1)
    results = survey_results(survey)
    assert results.answers == RESULTS_FLOOR
    assert results.questions[0].counts == {1: 0, 2: 0, 3: 0, 4: RESULTS_FLOOR, 5: 0}
    assert results.questions[0].mean == 4.0
    client.logout()
    page = client.get(f"/cities/{city.slug}/").content.decode()
    assert 'data-testid="survey-results"' in page
    assert "Mean 4.0 of 5" in page


def test_the_distribution_and_mean_per_question(survey):
    answer_survey(survey, 6, rating=5)
    answer_survey(survey, 3, rating=2)
    answer_survey(survey, 1, rating=1)
    question = survey_results(survey).questions[0]
    assert question.counts == {1: 1, 2: 3, 3: 0, 4: 0, 5: 6}
    assert question.answered == 10
    assert question.mean == round((6 * 5 + 3 * 2 + 1) / 10, 2)


def test_the_change_from_the_citys_previous_survey_with_results(client, city):
    last_year = SurveyFactory(city=city, year=THIS_YEAR - 1)
    answer_survey(last_year, RESULTS_FLOOR, rating=3)
    answer_survey(SurveyFactory(city=city, year=THIS_YEAR - 2), 3, rating=1)  # under the floor: never compared
    this_year = SurveyFactory(city=city)
    answer_survey(this_year, RESULTS_FLOOR, rating=4)
    results = survey_results(this_year)
    assert results.previous_year == THIS_YEAR - 1
    assert {question.change for question in results.questions} == {1.0}
    assert survey_results(last_year).previous_year is None
    page = client.get(f"/cities/{city.slug}/").content.decode()
    assert f"Change since {THIS_YEAR - 1}: +1.0" in page


def test_open_answers_are_for_the_coordinators_and_staff_never_the_public(client, city, coordinator, survey):
    answer_survey(survey, RESULTS_FLOOR, open_answer="A peace garden by the lake")
    client.force_login(coordinator)
    assert "A peace garden by the lake" in client.get(f"/dashboard/cities/{city.slug}/survey/").content.decode()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "A peace garden by the lake" in client.get(f"/dashboard/cities/{city.slug}/survey/").content.decode()
    client.logout()
    assert "A peace garden by the lake" not in client.get(f"/cities/{city.slug}/").content.decode()
    assert "A peace garden by the lake" not in client.get("/api/v1/surveys/").content.decode()
    assert "A peace garden by the lake" not in client.get("/api/v1/surveys/?format=csv").content.decode()


def test_the_network_averages_each_question_over_the_cities_with_results(city):
    answer_survey(SurveyFactory(city=city), RESULTS_FLOOR, rating=4)
    answer_survey(SurveyFactory(), RESULTS_FLOOR * 3, rating=2)
    answer_survey(SurveyFactory(), 4, rating=5)  # under the floor: counted as answers, not in the averages
    answer_survey(SurveyFactory(year=THIS_YEAR - 1), RESULTS_FLOOR, rating=1)  # another year
    network = network_survey_results(year=THIS_YEAR)
    assert (network.answers, network.surveys, network.cities_with_results) == (RESULTS_FLOOR * 4 + 4, 3, 2)
    assert {average.mean for average in network.questions} == {3.0}  # each city once: (4 + 2) / 2
    assert {average.cities for average in network.questions} == {2}


def test_a_city_and_year_without_results_give_none(city, survey):
    answer_survey(survey, 3)
    assert city_survey_results(city=city, year=THIS_YEAR) is None
    assert city_survey_results(city=city) is None
    assert city_survey_results(city=city, year=1999) is None


def test_the_impact_include_shows_the_networks_averages(city):
    from django.template.loader import render_to_string

    answer_survey(SurveyFactory(city=city), RESULTS_FLOOR, rating=4)
    html = render_to_string("surveys/includes/impact.html", {})
    assert f"Community surveys, {THIS_YEAR}" in html
    assert "results from 1 cities" in html
    assert "4.0" in html


def test_the_dashboard_links_each_city_to_its_survey(client, city, coordinator):
    client.force_login(coordinator)
    assert f'href="/dashboard/cities/{city.slug}/survey/"' in client.get("/dashboard/").content.decode()


# Query counts ---------------------------------------------------------------------------------------------------


def surveys_over_years(city, years: int) -> None:
    for offset in range(years):
        answer_survey(SurveyFactory(city=city, year=THIS_YEAR - offset), RESULTS_FLOOR, open_answer=f"Idea {offset}")


@pytest.mark.parametrize("years", [1, 4])
def test_the_city_page_reads_survey_results_in_constant_queries(client, city, years, django_assert_max_num_queries):
    surveys_over_years(city, years)
    # The city page's other sections (tests/members/test_views.py), then two for its surveys: with their answer
    # counts, and the distributions of those with results; as many with one year of surveys as with four.
    with django_assert_max_num_queries(14):
        assert client.get(f"/cities/{city.slug}/").status_code == 200


@pytest.mark.parametrize("years", [1, 4])
def test_the_survey_page_reads_in_constant_queries(client, city, coordinator, years, django_assert_max_num_queries):
    surveys_over_years(city, years)
    client.force_login(coordinator)
    # session and user, the city, its surveys with counts, distributions, is a coordinator, answer count and
    # open answers, messages
    with django_assert_max_num_queries(10):
        assert client.get(f"/dashboard/cities/{city.slug}/survey/").status_code == 200


def test_the_public_form_reads_in_constant_queries(survey, django_assert_max_num_queries):
    answer_survey(survey, 5)
    # the survey with its city, its answer count
    with django_assert_max_num_queries(2):
        assert Client().get(f"/survey/{survey.code}/").status_code == 200


@pytest.mark.parametrize("who", ["another_coordinator", "staff"])
def test_nobody_but_its_coordinators_opens_or_closes_a_citys_survey(client, city, who):
    survey = SurveyFactory(city=city, year=THIS_YEAR - 1)
    person = (
        CoordinatorFactory().user if who == "another_coordinator" else UserFactory(is_staff=True, is_superuser=True)
    )
    client.force_login(person)
    assert client.post(f"/dashboard/cities/{city.slug}/survey/", {"max_answers": "40"}).status_code == 404
    assert client.post(f"/dashboard/cities/{city.slug}/survey/{survey.year}/close/").status_code == 404
    survey.refresh_from_db()
    assert survey.closed_at is None
    assert Survey.objects.count() == 1


def test_staff_see_surveys_and_their_counts_in_admin_but_no_answer(staff_client, survey, django_assert_max_num_queries):
    from django.contrib import admin

    answer_survey(survey, 3)
    answer_survey(SurveyFactory(), RESULTS_FLOOR)
    # session, user, the page's count and total, the surveys with their counts and cities, the year filter
    with django_assert_max_num_queries(8):
        page = staff_client.get("/admin/surveys/survey/")
    assert page.status_code == 200
    assert sorted(row.answer_count for row in page.context["cl"].result_list) == [3, RESULTS_FLOOR]
    assert SurveyAnswer not in admin.site._registry
    assert SurveyRating not in admin.site._registry
    change = staff_client.get(f"/admin/surveys/survey/{survey.pk}/change/").content.decode()
    assert 'name="_save"' not in change


def test_the_agreed_questions_are_written_in_every_language_of_the_portal(settings):
    # Every city asks the same words: a language without them would show its visitors the English.
    data = json.loads((Path(settings.BASE_DIR) / "surveys" / "questions.json").read_text(encoding="utf-8"))
    texts = [*data["scale"].values(), data["open_question"]["text"]]
    texts += [question[field] for question in data["questions"] for field in ("label", "text")]
    for code, _name in settings.LANGUAGES:
        assert all(text.get(code, "").strip() for text in texts), code
