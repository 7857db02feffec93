"""Browsing initiatives across the network, an initiative's page, and the sitemap."""

import pytest

from members.choices import MembershipStatus
from tests.factories import CityFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def test_initiatives_are_searched_by_text_category_and_country(client):
    kenya = CityFactory(name="Kisumu", country="KE", region="")
    InitiativeFactory(city=kenya, title="Lakeside peace garden", category="environment")
    InitiativeFactory(city=kenya, title="Estate football", category="youth")
    InitiativeFactory(
        city=CityFactory(name="Lyon", country="FR", region=""), title="Garden of dialogue", category="environment"
    )
    page = client.get("/initiatives/", {"q": "garden", "country": "KE"}).content.decode()
    assert "Lakeside peace garden" in page and "Garden of dialogue" not in page and "Estate football" not in page
    page = client.get("/initiatives/", {"category": "environment"}).content.decode()
    assert "Lakeside peace garden" in page and "Garden of dialogue" in page and "Estate football" not in page


def test_initiative_list_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    for number in range(30):
        InitiativeFactory(city=CityFactory(name=f"Town {number}"))
    with django_assert_max_num_queries(3):  # count, page with its cities (one join), nothing per row
        response = client.get("/initiatives/")
    assert response.content.decode().count('class="card"') == 30


def test_hostile_or_unknown_filters_answer_a_normal_page(client):
    InitiativeFactory(title="Peace circle")
    for query in [
        {"country": "ZZ"},
        {"category": "<script>alert(1)</script>"},
        {"q": "<b>x</b>' OR 1=1"},
        {"page": "-5"},
    ]:
        response = client.get("/initiatives/", query)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_initiatives_of_withdrawn_cities_are_not_listed(client):
    InitiativeFactory(city=CityFactory(status=MembershipStatus.WITHDRAWN), title="Old programme")
    assert "Old programme" not in client.get("/initiatives/").content.decode()


def test_initiative_page_has_sharing_metadata_and_similar_initiatives(client):
    garden = InitiativeFactory(title="Peace garden", category="environment", description="Planted by 40 families.")
    InitiativeFactory(title="River garden", category="environment", city=CityFactory(name="Elsewhere"))
    page = client.get(garden.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Peace garden' in page
    assert "River garden" in page


def test_city_page_shows_consented_contacts_peers_and_neighbours(client):
    from tests.factories import CoordinatorFactory

    city = CityFactory(name="Ashland", latitude="42.19", longitude="-122.70")
    CoordinatorFactory(city=city, user__email="shown@example.org", show_contact_publicly=True)
    CoordinatorFactory(city=city, user__email="hidden@example.org", role="co_coordinator")
    InitiativeFactory(city=city, category="youth")
    peer = CityFactory(name="Peer Town", latitude="10", longitude="10")
    InitiativeFactory(city=peer, category="youth")
    CityFactory(name="Medford", latitude="42.33", longitude="-122.87")
    page = client.get(city.get_absolute_url()).content.decode()
    assert "shown@example.org" in page and "hidden@example.org" not in page
    assert "Peer Town" in page and "Medford" in page
    assert '<meta property="og:type" content="article">' in page


def test_sitemap_lists_active_cities_and_initiatives(client):
    active = CityFactory(name="Ashland", slug="ashland")
    CityFactory(name="Gone", slug="gone", status=MembershipStatus.WITHDRAWN)
    InitiativeFactory(city=active, slug="ashland-peace-garden")
    xml = client.get("/sitemap.xml").content.decode()
    assert "/cities/ashland/" in xml and "/cities/gone/" not in xml and "/initiatives/ashland-peace-garden/" in xml
