"""Public pages of member cities."""

import pytest

from members.choices import MembershipStatus
from tests.factories import CityFactory, InitiativeFactory, ProclamationFactory

pytestmark = pytest.mark.django_db


def test_city_page_shows_public_proclamations_and_initiatives(client, django_assert_max_num_queries):
    city = CityFactory(name="Ashland", peace_statement="A town that mediates before it litigates.")
    ProclamationFactory(city=city, title="Ashland proclaimed a City of Peace")
    ProclamationFactory(city=city, title="Draft resolution", is_public=False)
    InitiativeFactory(city=city, title="Peace garden on Main Street")
    # the city; its public proclamations, initiatives and public contacts; cities nearby;
    # its initiative categories and the peers sharing them: seven, however many rows each has
    with django_assert_max_num_queries(7):
        response = client.get(city.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ashland proclaimed a City of Peace" in page
    assert "Peace garden on Main Street" in page
    assert "mediates before it litigates" in page
    assert "Draft resolution" not in page


def test_unknown_city_is_404(client):
    assert client.get("/cities/no-such-city/").status_code == 404


def test_directory_lists_active_members_only(client):
    CityFactory(name="Ashland")
    CityFactory(name="Left Town", status=MembershipStatus.WITHDRAWN)
    page = client.get("/cities/").content.decode()
    assert "Ashland" in page
    assert "Left Town" not in page


def test_directory_with_a_bad_page_number_still_answers(client):
    CityFactory()
    assert client.get("/cities/?page=<script>").status_code == 200
