"""Initiatives in the partner API."""

import orjson
import pytest
from django.db import connection

from tests.factories import CityFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/initiatives/"


def test_initiatives_with_their_city_and_partners(client):
    initiative = InitiativeFactory(partner_organisations="Peace Foundation\n\nYouth Council\n")
    body = orjson.loads(client.get(URL).content)
    row = body["results"][0]
    assert row["slug"] == initiative.slug
    assert row["partner_organisations"] == ["Peace Foundation", "Youth Council"]
    assert row["city"]["url"] == f"http://testserver/api/v1/cities/{initiative.city.slug}/"
    assert row["web_url"] == f"http://testserver/initiatives/{initiative.slug}/"
    detail = orjson.loads(client.get(f"{URL}{initiative.slug}/").content)
    assert detail["title"] == initiative.title


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("city=nairobi", 1),
        ("country=KE", 1),
        ("category=dialogue", 1),
        ("status=completed", 1),
        ("search=mediation", 2),
        ("search=gardens", 0),
    ],
)
def test_filters(client, query, expected):
    InitiativeFactory(city=CityFactory(slug="nairobi", country="KE"), category="dialogue")
    InitiativeFactory(status="completed", end_date="2020-01-01")
    assert orjson.loads(client.get(f"{URL}?{query}").content)["count"] == expected


@pytest.mark.parametrize("query", ["country=ZZ", "category=war", "status=forever", "page=-1"])
def test_bad_parameters_are_400(client, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert orjson.loads(response.content)["detail"]


def test_unknown_initiative_is_404(client):
    assert orjson.loads(client.get(f"{URL}nothing-here/").content)["detail"]


def test_queries_do_not_grow_with_page_size(client, django_assert_num_queries):
    InitiativeFactory.create_batch(110)
    for page_size in (1, 100):
        # on PostgreSQL one query writes the page's JSON and counts; elsewhere one counts, one reads the page with
        # its cities
        with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
            assert client.get(f"{URL}?page_size={page_size}").status_code == 200
