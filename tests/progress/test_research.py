"""Impact beyond numbers: the progress page's impact section, the open data for researchers (a CSV a year with its
data dictionary, on the page and through the API), and a published report beside its community's survey."""

import csv
import io

import orjson
import pytest
from django.urls import reverse

from progress.research import research_columns
from reports.choices import ReportStatus
from surveys.questions import question_set
from tests.factories import CityFactory
from tests.reports.factories import ReportFactory, ReportIndicatorFactory
from tests.surveys.factories import SurveyFactory, answer_survey

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def evidence(settings):
    """Year 2025: Ashland published its report and its survey has results (rising from 2024); Bologna has survey
    results only; Kisumu's report is still a draft and its survey is under the floor: Kisumu is not in the data."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {}}
    ashland = CityFactory(name="Ashland", country="US")
    bologna = CityFactory(name="Bologna", country="IT")
    kisumu = CityFactory(name="Kisumu", country="KE")
    report = ReportFactory(city=ashland, year=YEAR, published=True, events_held=12)
    ReportIndicatorFactory(report=report, name="Mediated conflicts", value=31, unit="cases", source="Centre", year=YEAR)
    ReportFactory(city=kisumu, year=YEAR, complete=True, status=ReportStatus.SUBMITTED)
    answer_survey(SurveyFactory(city=ashland, year=YEAR - 1), 10, rating=3)
    answer_survey(SurveyFactory(city=ashland, year=YEAR), 12, rating=4)
    answer_survey(SurveyFactory(city=bologna, year=YEAR), 10, rating=5)
    answer_survey(SurveyFactory(city=kisumu, year=YEAR), 9, rating=1)
    return {"ashland": ashland, "bologna": bologna, "kisumu": kisumu, "report": report}


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_years_file_has_a_row_per_city_with_public_evidence_and_nothing_private(client, evidence):
    response = client.get(reverse("progress:research-year", args=[YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="cities-of-peace-impact-{YEAR}.csv"' in response["Content-Disposition"]
    text = response.content.decode()
    assert text.splitlines()[0].split(",") == [column.name for column in research_columns()]
    rows = {row["city_name"]: row for row in rows_of(text)}
    assert set(rows) == {"Ashland", "Bologna"}  # Kisumu: a report not yet published, a survey under the floor
    ashland, bologna = rows["Ashland"], rows["Bologna"]
    first = question_set().questions[0].key
    assert ashland["report_published"] == "1" and ashland["events_held"] == "12"
    assert ashland["local_indicators"] == f"Mediated conflicts: 31 cases (Centre, {YEAR})"
    assert ashland["survey_answers"] == "12"
    assert float(ashland[f"{first}_mean"]) == 4.0 and float(ashland[f"{first}_change"]) == 1.0
    assert bologna["report_published"] == "0" and bologna["events_held"] == "" and bologna["survey_answers"] == "10"
    assert float(bologna[f"{first}_mean"]) == 5.0 and bologna[f"{first}_change"] == ""
    assert "open_answer" not in text.splitlines()[0]


def test_the_data_dictionary_names_every_column_of_the_files(client, evidence):
    dictionary = rows_of(client.get(reverse("progress:research-dictionary")).content.decode())
    header = client.get(reverse("progress:research-year", args=[YEAR])).content.decode().splitlines()[0]
    assert [row["column"] for row in dictionary] == header.split(",")
    assert all(row["type"] in {"text", "integer", "decimal", "date"} and row["description"] for row in dictionary)


def test_the_research_page_lists_the_years_with_their_files_and_the_dictionary(client, evidence):
    page = client.get(reverse("progress:research")).content.decode()
    assert f'href="{reverse("progress:research-year", args=[YEAR])}"' in page
    assert f'href="{reverse("progress:research-year", args=[YEAR - 1])}"' in page  # Ashland's 2024 survey
    assert "<code>events_held</code>" in page and reverse("progress:research-dictionary") in page
    assert client.get(reverse("progress:research-year", args=[1999])).status_code == 404


def test_a_years_file_takes_the_same_queries_however_many_cities(client, evidence, django_assert_max_num_queries):
    for number in range(4):
        city = CityFactory(name=f"Town {number}")
        ReportIndicatorFactory(report=ReportFactory(city=city, year=YEAR, published=True))
        answer_survey(SurveyFactory(city=city, year=YEAR), 10)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("progress:research-year", args=[YEAR]))
    assert len(rows_of(response.content.decode())) == 6


def test_the_api_gives_the_years_the_dictionary_and_each_years_rows(client, evidence):
    listing = orjson.loads(client.get("/api/v1/research/").content)
    assert [found["year"] for found in listing["years"]] == [YEAR, YEAR - 1]
    assert listing["years"][0]["reports"] == 1 and listing["years"][0]["survey_results"] == 2
    assert listing["years"][0]["csv"] == f"http://testserver/api/v1/research/{YEAR}/?format=csv"
    assert [entry["column"] for entry in listing["dictionary"]] == [column.name for column in research_columns()]
    rows = orjson.loads(client.get(f"/api/v1/research/{YEAR}/").content)["rows"]
    assert [row["city_name"] for row in rows] == ["Ashland", "Bologna"]
    assert rows[0]["events_held"] == 12 and rows[1]["events_held"] == ""
    csv_answer = client.get(f"/api/v1/research/{YEAR}/?format=csv")
    assert csv_answer.status_code == 200 and csv_answer["Content-Type"].startswith("text/csv")
    assert csv_answer.content == client.get(reverse("progress:research-year", args=[YEAR])).content
    missing = client.get("/api/v1/research/1999/")
    assert missing.status_code == 404 and "detail" in orjson.loads(missing.content)


def test_the_progress_page_shows_the_impact_of_the_year(client, evidence, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        page = client.get(reverse("progress:dashboard")).content.decode()
    impact = page[page.index('data-testid="impact"') :]
    assert "Impact beyond numbers" in impact
    assert 'id="report-impact-heading"' in impact and 'data-testid="survey-impact"' in impact
    assert f'href="{reverse("progress:research")}"' in impact


def test_a_published_report_shows_its_communitys_survey_of_that_year(client, evidence):
    page = client.get(evidence["report"].get_absolute_url()).content.decode()
    section = page[page.index('data-testid="report-survey-results"') :]
    assert f"Community survey {YEAR}" in section and "+1.0" in section.replace("+1,0", "+1.0")


def test_the_api_answers_with_an_etag_and_errors_in_json_whatever_the_format(client, evidence):
    first = client.get(f"/api/v1/research/{YEAR}/?format=csv")
    assert first["ETag"]
    again = client.get(f"/api/v1/research/{YEAR}/?format=csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    missing = client.get("/api/v1/research/1999/?format=csv")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    unknown = client.get("/api/v1/research/?format=xml")
    assert unknown.status_code == 400 and "format" in orjson.loads(unknown.content)["errors"]
