"""The home page and the health check."""

import pytest
from django.urls import reverse

from members.choices import MembershipStatus
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_count_toward_the_goal_and_the_newest_members(client, django_assert_max_num_queries):
    CityFactory(name="Ashland", member_since="2010-05-01")
    CityFactory(name="Centerville", member_since="2024-09-21", country="CA", region="Ontario")
    CityFactory(name="Gone Town", status=MembershipStatus.WITHDRAWN)
    # the session-less page: one query for the counts, one for the goal with the latest verdict, one for the newest
    with django_assert_max_num_queries(3):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="member-count">2<' in page
    assert "Toward 1000 Cities of Peace by 2030" in page
    assert page.index("Centerville") < page.index("Ashland")
    assert "Gone Town" not in page


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
