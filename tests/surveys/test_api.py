"""Survey results in the partner API: `/api/v1/surveys/`, only in aggregate and only from 10 answers on."""

import csv
import io

import pytest
from django.utils import timezone

from surveys.querysets import RESULTS_FLOOR
from surveys.questions import question_set
from tests.factories import CityFactory
from tests.surveys.factories import SurveyFactory, answer_survey

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def surveys():
    kisumu = CityFactory(name="Kisumu", slug="kisumu", country="KE")
    lyon = CityFactory(name="Lyon", slug="lyon", country="FR")
    last_year = SurveyFactory(city=kisumu, year=THIS_YEAR - 1)
    answer_survey(last_year, RESULTS_FLOOR, rating=2)
    this_year = SurveyFactory(city=kisumu)
    answer_survey(this_year, RESULTS_FLOOR + 2, rating=3)
    answer_survey(SurveyFactory(city=lyon), RESULTS_FLOOR - 1, rating=5)  # under the floor: never listed
    return {"last_year": last_year, "this_year": this_year}


def test_only_surveys_at_or_above_the_floor_are_listed_in_aggregate(client, surveys):
    body = client.get("/api/v1/surveys/").json()
    assert body["count"] == 2
    first = body["results"][0]
    assert (first["city"]["slug"], first["year"], first["answers"], first["previous_year"]) == (
        "kisumu",
        THIS_YEAR,
        RESULTS_FLOOR + 2,
        THIS_YEAR - 1,
    )
    assert [question["key"] for question in first["questions"]] == list(question_set().keys)
    assert first["questions"][0] | {"label": None} == {
        "key": question_set().keys[0],
        "label": None,
        "counts": {"1": 0, "2": 0, "3": RESULTS_FLOOR + 2, "4": 0, "5": 0},
        "answered": RESULTS_FLOOR + 2,
        "mean": 3.0,
        "change": 1.0,
    }
    assert body["results"][1]["previous_year"] is None


def test_surveys_filter_by_year_city_and_country(client, surveys):
    def years(query: str) -> list[tuple[str, int]]:
        return [(row["city"]["slug"], row["year"]) for row in client.get(f"/api/v1/surveys/?{query}").json()["results"]]

    assert years(f"year={THIS_YEAR - 1}") == [("kisumu", THIS_YEAR - 1)]
    assert years("city=lyon") == []
    assert years("country=ke") == [("kisumu", THIS_YEAR), ("kisumu", THIS_YEAR - 1)]
    assert years("country=FR") == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("year=soon", "year"), ("year=2025.5", "year"), ("year=99999999999999999999", "year"), ("country=XX", "country")],
)
def test_a_bad_filter_is_a_400_naming_it(client, surveys, query, parameter):
    response = client.get(f"/api/v1/surveys/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()["detail"]


def test_survey_results_as_csv(client, surveys):
    response = client.get("/api/v1/surveys/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["city"], row["year"], row["answers"]) for row in rows] == [
        ("kisumu", str(THIS_YEAR), str(RESULTS_FLOOR + 2)),
        ("kisumu", str(THIS_YEAR - 1), str(RESULTS_FLOOR)),
    ]
    key = question_set().keys[0]
    assert (rows[0][f"{key}_mean"], rows[0][f"{key}_change"], rows[0][f"{key}_3"]) == ("3.0", "1.0", "12")
    assert rows[1][f"{key}_change"] == ""
    paged = client.get("/api/v1/surveys/?format=csv&page_size=1")
    assert len(list(csv.DictReader(io.StringIO(paged.content.decode())))) == 1


def test_one_surveys_results_and_none_under_the_floor(client, surveys):
    survey = surveys["this_year"]
    assert client.get(f"/api/v1/surveys/{survey.pk}/").json()["answers"] == RESULTS_FLOOR + 2
    under = SurveyFactory(year=THIS_YEAR - 3)
    answer_survey(under, 3)
    assert client.get(f"/api/v1/surveys/{under.pk}/").status_code == 404
    assert client.get("/api/v1/surveys/not-a-number/").status_code == 404


@pytest.mark.parametrize("cities", [1, 6])
def test_the_list_reads_in_constant_queries(client, cities, django_assert_max_num_queries):
    for _ in range(cities):
        survey = SurveyFactory()
        answer_survey(survey, RESULTS_FLOOR)
        answer_survey(SurveyFactory(city=survey.city, year=THIS_YEAR - 1), RESULTS_FLOOR)
    # the count, the page, the cities' surveys with their counts, the distributions
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/surveys/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/surveys/?format=csv").status_code == 200
