"""Public pages of member cities."""

import json
from html import unescape

import pytest

from members.choices import MembershipStatus, Network
from members.models import NetworkAffiliation
from tests.factories import CityFactory, InitiativeFactory, ProclamationFactory

pytestmark = pytest.mark.django_db


def test_city_page_shows_public_proclamations_and_initiatives(client, django_assert_max_num_queries):
    city = CityFactory(name="Ashland", peace_statement="A town that mediates before it litigates.")
    ProclamationFactory(city=city, title="Ashland proclaimed a City of Peace")
    ProclamationFactory(city=city, title="Draft resolution", is_public=False)
    InitiativeFactory(city=city, title="Peace garden on Main Street")
    NetworkAffiliation.objects.create(city=city, network=Network.MAYORS_FOR_PEACE, since="2015-08-06")
    # the city; its public proclamations, initiatives, public contacts, networks and photos; cities nearby;
    # its initiative categories and the peers sharing them; the accepted partners of its initiatives, the joint
    # projects it is a partner of and their partners; its community surveys; its published yearly reports: fourteen,
    # however many rows each has
    with django_assert_max_num_queries(14):
        response = client.get(city.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ashland proclaimed a City of Peace" in page
    assert "Peace garden on Main Street" in page
    assert "mediates before it litigates" in page
    assert "Draft resolution" not in page
    assert "Mayors for Peace, since 2015" in page


def test_city_page_maps_the_city_and_its_neighbours(client):
    city = CityFactory(name="Ashland", latitude="42.1946", longitude="-122.7095")
    CityFactory(name="Medford", latitude="42.3265", longitude="-122.8756")
    CityFactory(name="Far Away", latitude="10.0", longitude="10.0")
    page = client.get(city.get_absolute_url()).content.decode()
    points = json.loads(unescape(page.split('data-points="')[1].split('"')[0]))
    assert [point[2] for point in points] == ["Ashland", "Medford"]
    assert points[0][:2] == [42.1946, -122.7095]
    assert "vendor/leaflet/leaflet.js" in page


def test_city_page_without_a_place_has_no_map(client):
    city = CityFactory(latitude=None, longitude=None)
    page = client.get(city.get_absolute_url()).content.decode()
    assert "data-point-map" not in page and "leaflet.js" not in page


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
