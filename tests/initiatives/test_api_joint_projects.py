"""Joint projects in the partner API: the initiative record's `partner_cities`, `/api/v1/joint-projects/` with its
filters and CSV, and `/api/v1/joint-projects/figures/`."""

import csv
import datetime
import io

import pytest

from initiatives.choices import JointProjectKind
from members.choices import MembershipStatus
from tests.factories import CityFactory, InitiativeFactory
from tests.initiatives.factories import InitiativePartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    """A garden of Ashland (US) with Bologna (IT) since 2023; an agreement of Cusco (PE) with Ashland signed in 2025;
    an initiative of Dakar with only an invitation; a partnership with a former member."""
    ashland, bologna = CityFactory(name="Ashland", country="US"), CityFactory(name="Bologna", country="IT")
    cusco, dakar = CityFactory(name="Cusco", country="PE"), CityFactory(name="Dakar", country="SN")
    garden = InitiativeFactory(city=ashland, title="Peace garden")
    InitiativePartnerFactory(initiative=garden, city=bologna, accepted=True, accepted_on=datetime.date(2023, 4, 1))
    agreement = InitiativeFactory(
        city=cusco, title="Alliance", kind=JointProjectKind.ALLIANCE_AGREEMENT, signed_on=datetime.date(2025, 9, 21)
    )
    InitiativePartnerFactory(initiative=agreement, city=ashland, accepted=True, accepted_on=datetime.date(2025, 9, 21))
    InitiativePartnerFactory(initiative=InitiativeFactory(city=dakar, title="Invited only"), city=ashland)
    InitiativePartnerFactory(
        initiative=garden, city=CityFactory(name="Gone", status=MembershipStatus.WITHDRAWN), accepted=True
    )
    return {"garden": garden, "agreement": agreement}


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(project["title"] for project in response.json()["results"])


def test_initiative_record_lists_its_accepted_partner_cities(client, network):
    record = client.get(f"/api/v1/initiatives/{network['garden'].slug}/").json()
    assert [city["name"] for city in record["partner_cities"]] == ["Bologna"]
    assert record["partner_cities"][0]["url"].endswith("/api/v1/cities/bologna/")
    listed = {row["title"]: row["partner_cities"] for row in client.get("/api/v1/initiatives/").json()["results"]}
    assert [city["slug"] for city in listed["Peace garden"]] == ["bologna"]
    assert listed["Invited only"] == []


def test_joint_projects_are_the_accepted_ones_with_their_cities(client, network):
    response = client.get("/api/v1/joint-projects/")
    assert titles(response) == ["Alliance", "Peace garden"]
    alliance = next(row for row in response.json()["results"] if row["title"] == "Alliance")
    assert alliance["kind"] == "alliance_agreement"
    assert alliance["since"] == alliance["signed_on"] == "2025-09-21"
    assert alliance["organising_city"]["slug"] == "cusco"
    assert [city["slug"] for city in alliance["partner_cities"]] == ["ashland"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=it", ["Peace garden"]),
        ("country=US", ["Alliance", "Peace garden"]),
        ("country=SN", []),
        ("city=cusco", ["Alliance"]),
        ("city=bologna", ["Peace garden"]),
        ("city=dakar", []),
        ("kind=alliance_agreement", ["Alliance"]),
        ("kind=initiative", ["Peace garden"]),
        ("year=2023", ["Peace garden"]),
        ("year=2025", ["Alliance"]),
        ("year=2024", []),
        ("updated_since=2999-01-01T00:00:00Z", []),
    ],
)
def test_joint_projects_filters(client, network, query, expected):
    assert titles(client.get(f"/api/v1/joint-projects/?{query}")) == expected


@pytest.mark.parametrize("query", ["country=ZZ", "kind=treaty", "year=abc", "year=99999999999", "year=12"])
def test_bad_filters_are_a_400_with_a_detail(client, network, query):
    response = client.get(f"/api/v1/joint-projects/?{query}")
    assert response.status_code == 400
    assert response.json()


def test_joint_projects_as_csv(client, network):
    response = client.get("/api/v1/joint-projects/?format=csv&kind=initiative")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["title"], row["organising_city"], row["partner_cities"], row["since"]) for row in rows] == [
        ("Peace garden", "ashland", "bologna", "2023-04-01")
    ]


def test_a_title_that_is_a_formula_is_written_as_text_in_the_csv(client):
    InitiativePartnerFactory(initiative=InitiativeFactory(title="=HYPERLINK(1)"), accepted=True)
    body = client.get("/api/v1/joint-projects/?format=csv").content.decode()
    assert "'=HYPERLINK(1)" in body


def test_figures(client, network):
    assert client.get("/api/v1/joint-projects/figures/").json() == {
        "joint_projects": 2,
        "alliance_agreements": 1,
        "cities_connected": 3,
        "links": 2,
        "links_by_year": [
            {"year": 2023, "links": 1, "new": 1},
            {"year": 2024, "links": 1, "new": 0},
            {"year": 2025, "links": 2, "new": 1},
        ],
    }


@pytest.mark.parametrize(
    "url", ["/api/v1/joint-projects/", "/api/v1/joint-projects/?format=csv", "/api/v1/initiatives/"]
)
def test_query_counts_do_not_grow_with_the_projects(client, network, url, django_assert_max_num_queries):
    client.get(url)  # warm: the key-less client's throttle and the content types
    with django_assert_max_num_queries(20) as before:
        client.get(url)
    for number in range(8):
        project = InitiativeFactory(title=f"Project {number}")
        for _ in range(3):
            InitiativePartnerFactory(initiative=project, accepted=True)
    assert before.captured_queries  # the page was built, not served from a cache
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
