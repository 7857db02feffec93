"""The public directory at /cities/: search and filters (the API's FilterSet), pagination that keeps them."""

import pytest

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    CityFactory(
        name="Kisumu",
        country="KE",
        region="",
        community_type="city",
        pathway="council_resolution",
        member_since="2012-05-01",
    )
    CityFactory(
        name="Lyon", country="FR", region="", community_type="city", pathway="proclamation", member_since="2016-03-01"
    )
    CityFactory(
        name="Ashland",
        country="US",
        region="Oregon",
        community_type="town",
        pathway="proclamation",
        member_since="2009-09-21",
    )


def names(response) -> list[str]:
    return [city.name for city in response.context["page"]]


def test_filters_combine(client, network):
    assert names(client.get("/cities/", {"continent": "EU"})) == ["Lyon"]
    assert names(client.get("/cities/", {"community_type": "city", "pathway": "proclamation"})) == ["Lyon"]
    assert names(client.get("/cities/", {"country": "KE", "search": "kis"})) == ["Kisumu"]
    assert names(client.get("/cities/", {"member_since_after": "2010-01-01", "ordering": "-member_since"})) == [
        "Lyon",
        "Kisumu",
    ]


@pytest.mark.parametrize(
    ("language", "search", "expected"),
    [
        ("es", "Francia", ["Lyon"]),
        ("fr", "États-Unis", ["Ashland"]),
        ("fr", "etats unis oregon", ["Ashland"]),
        ("de", "Frankreich", ["Lyon"]),
        ("de", "vereinigte staaten", ["Ashland"]),
        ("ja", "フランス", ["Lyon"]),
        ("ja", "ケニア", ["Kisumu"]),
        ("ar", "كينيا", ["Kisumu"]),
        ("pt", "Quénia", ["Kisumu"]),
        ("es", "kenya", ["Kisumu"]),  # the English name works on every page
        ("ja", "kenya", ["Kisumu"]),
        ("en", "Francia", []),  # another language's name does not
    ],
)
def test_search_finds_cities_by_their_country_name_in_the_visitors_language(
    client, network, language, search, expected
):
    response = client.get("/cities/", {"search": search}, headers={"Accept-Language": language})
    assert response.context["LANGUAGE_CODE"] == language
    assert names(response) == expected


def test_bad_filters_answer_a_normal_page_with_the_reason(client, network):
    for query in [
        {"country": "ZZ"},
        {"member_since_after": "yesterday"},
        {"ordering": "password"},
        {"search": "<script>alert(1)</script>"},
        {"page": "99999"},
    ]:
        response = client.get("/cities/", query)
        assert response.status_code == 200, query
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert "Select a valid choice" in client.get("/cities/", {"country": "ZZ"}).content.decode()


def test_pagination_keeps_the_filters_and_queries_stay_constant(client, django_assert_max_num_queries):
    for number in range(60):
        CityFactory(name=f"Peace town {number:02d}", country="KE", region="")
    with django_assert_max_num_queries(2):  # the count and the page
        response = client.get("/cities/", {"country": "KE"})
    page = response.content.decode()
    assert "60 member cities" in page
    assert "country=KE&amp;page=2" in page
