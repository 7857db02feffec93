"""The home page and the health check."""

import pytest
from django.urls import reverse

from initiatives.choices import InitiativeStatus
from members.choices import MembershipStatus
from tests.factories import CityFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_count_toward_the_goal_and_the_newest_members(client, django_assert_max_num_queries):
    CityFactory(name="Ashland", member_since="2010-05-01")
    CityFactory(name="Centerville", member_since="2024-09-21", country="CA", region="Ontario")
    CityFactory(name="Gone Town", status=MembershipStatus.WITHDRAWN)
    # the session-less page: one query for the counts, one for the goal with the latest verdict, one for the newest,
    # one for the featured initiatives
    with django_assert_max_num_queries(4):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="member-count">2<' in page
    assert "Toward 1000 Cities of Peace by 2030" in page
    assert page.index("Centerville") < page.index("Ashland")
    assert "Gone Town" not in page


def test_home_explains_the_pathways_and_calls_to_apply(client):
    page = client.get(reverse("home")).content.decode()
    for pathway in ("Mayoral proclamation", "Council resolution", "Peace legacy", "Community peacebuilding"):
        assert pathway in page
    assert page.count(f'href="{reverse("applications:new")}"') >= 2  # the header's link and the page's own


def test_home_features_the_initiatives_staff_chose_then_the_latest(client):
    active_city = CityFactory(name="Ashland")
    InitiativeFactory(city=active_city, title="Peace Garden", featured=True)
    for number in range(4):
        InitiativeFactory(city=CityFactory(), title=f"Dialogue {number}")
    InitiativeFactory(city=active_city, title="Second of the same city")  # one per city: several communities
    InitiativeFactory(city=active_city, title="Old Festival", status=InitiativeStatus.COMPLETED, featured=True)
    InitiativeFactory(city=CityFactory(status=MembershipStatus.WITHDRAWN), title="Withdrawn Walk", featured=True)
    page = client.get(reverse("home")).content.decode()
    featured = page[page.index('data-testid="featured-initiatives"') :]
    assert featured.index("Peace Garden") < featured.index("Dialogue 3")
    assert featured.count('class="card"') == 3
    assert "Old Festival" not in page and "Withdrawn Walk" not in page
    assert "Second of the same city" not in page


def test_healthz_answers_200_when_the_database_answers(client, settings):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_naming_the_broker_when_it_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "broker": "down"}


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
