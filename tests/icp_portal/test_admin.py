"""Django admin for every model: lists, filters and search answer for staff, and stay cheap."""

import pytest
from django.urls import reverse

from members.geography import Continent
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory, ProclamationFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:members_city_changelist",
    "admin:members_coordinator_changelist",
    "admin:members_user_changelist",
    "admin:proclamations_proclamation_changelist",
    "admin:initiatives_initiative_changelist",
    "admin:applications_application_changelist",
    "admin:outbox_outboundemail_changelist",
]


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_every_model_has_a_searchable_admin_list(superuser_client, changelist):
    city = CityFactory(name="Ashland")
    CoordinatorFactory(city=city)
    ProclamationFactory(city=city)
    InitiativeFactory(city=city)
    response = superuser_client.get(reverse(changelist), {"q": "Ashland"})
    assert response.status_code == 200


def test_city_list_filters_by_continent(superuser_client):
    CityFactory(name="Nakuru", country="KE", region="")
    CityFactory(name="Lyon", country="FR", region="")
    response = superuser_client.get(reverse("admin:members_city_changelist"), {"continent": Continent.AFRICA})
    names = [city.name for city in response.context["cl"].result_list]
    assert names == ["Nakuru"]


def test_city_list_queries_do_not_grow_with_rows(superuser_client, django_assert_max_num_queries):
    CityFactory.create_batch(40)
    # session, user, counts, the page of cities and the filter choices: none per row
    with django_assert_max_num_queries(10):
        response = superuser_client.get(reverse("admin:members_city_changelist"))
    assert len(response.context["cl"].result_list) == 40


def test_city_change_page_shows_coordinators_inline(superuser_client):
    coordinator = CoordinatorFactory(user__full_name="Ana Lead-Liaison")
    response = superuser_client.get(reverse("admin:members_city_change", args=[coordinator.city.pk]))
    assert response.status_code == 200
    assert "Ana Lead-Liaison" in response.content.decode()


def test_coordinators_are_not_let_into_admin(client):
    client.force_login(CoordinatorFactory().user)
    response = client.get(reverse("admin:members_city_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
