"""`/api/v1/reports/`: published reports only, filters, CSV, query counts."""

import csv
import io

import orjson
import pytest

from reports.choices import ReportStatus
from tests.members.factories import CityFactory
from tests.reports.factories import ReportFactory, ReportIndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports():
    kisumu = CityFactory(name="Kisumu", slug="kisumu", country="KE")
    hiroshima = CityFactory(name="Hiroshima", slug="hiroshima", country="JP")
    published = [
        ReportFactory(city=kisumu, year=2025, published=True, activities="=HYPERLINK(1)"),
        ReportFactory(city=kisumu, year=2026, published=True),
        ReportFactory(city=hiroshima, year=2026, published=True),
    ]
    ReportIndicatorFactory(report=published[0])
    ReportFactory(city=hiroshima, year=2025, complete=True, status=ReportStatus.SUBMITTED)
    ReportFactory(city=CityFactory(), year=2026)
    return published


def results(client, query=""):
    response = client.get(f"/api/v1/reports/{query}")
    assert response.status_code == 200, response.content
    return orjson.loads(response.content)["results"]


def test_only_published_reports_are_listed_with_their_figures_and_indicators(client, reports):
    rows = results(client)
    assert [(row["city"]["slug"], row["year"]) for row in rows] == [
        ("hiroshima", 2026),
        ("kisumu", 2026),
        ("kisumu", 2025),
    ]
    kisumu_2025 = rows[2]
    assert kisumu_2025["events_held"] == 12 and kisumu_2025["people_reached"] == 4200
    assert kisumu_2025["indicators"] == [
        {
            "name": "Conflicts settled by mediation",
            "value": 31.0,
            "unit": "cases",
            "source": "Community mediation centre",
            "year": 2025,
        }
    ]
    assert kisumu_2025["web_url"] == "http://testserver/cities/kisumu/reports/2025/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?year=2025", [("kisumu", 2025)]),
        ("?city=hiroshima", [("hiroshima", 2026)]),
        ("?country=ke", [("kisumu", 2026), ("kisumu", 2025)]),
        ("?country=KE&year=2026", [("kisumu", 2026)]),
        ("?city=nowhere", []),
    ],
)
def test_filters_by_year_city_and_country(client, reports, query, expected):
    assert [(row["city"]["slug"], row["year"]) for row in results(client, query)] == expected


@pytest.mark.parametrize("query", ["?year=abc", "?year=99999999999999999999", "?country=ZZ", "?year=1800"])
def test_bad_filters_answer_400_with_a_detail(client, reports, query):
    response = client.get(f"/api/v1/reports/{query}")
    assert response.status_code == 400
    assert orjson.loads(response.content)["detail"]


def test_one_report_and_an_unpublished_one_is_not_found(client, reports):
    assert orjson.loads(client.get(f"/api/v1/reports/{reports[1].pk}/").content)["year"] == 2026
    hidden = ReportFactory(city=CityFactory(), year=2024, complete=True, status=ReportStatus.SUBMITTED)
    assert client.get(f"/api/v1/reports/{hidden.pk}/").status_code == 404


def test_csv_has_a_line_per_report_and_defuses_formulas(client, reports):
    response = client.get("/api/v1/reports/?format=csv&city=kisumu")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["city"], row["year"]) for row in rows] == [("kisumu", "2026"), ("kisumu", "2025")]
    assert rows[1]["activities"] == "'=HYPERLINK(1)"
    assert rows[1]["indicators"] == "Conflicts settled by mediation: 31 cases (Community mediation centre, 2025)"
    assert rows[0]["events_held"] == "12"
    paged = client.get("/api/v1/reports/?format=csv&page_size=1")
    assert len(list(csv.DictReader(io.StringIO(paged.content.decode())))) == 1


def test_query_counts_do_not_grow_with_the_reports(client, reports, django_assert_max_num_queries):
    for _number in range(10):
        report = ReportFactory(city=CityFactory(), year=2026, published=True)
        ReportIndicatorFactory(report=report)
    # count; the page with cities; indicators, photos, initiatives
    with django_assert_max_num_queries(5):
        assert len(results(client)) == 13
    with django_assert_max_num_queries(5):
        client.get("/api/v1/reports/?format=csv")
