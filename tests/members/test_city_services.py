"""The members app creates its own rows: a new member city with its number, and its coordinators."""

import pytest

from members.choices import CoordinatorRole
from members.services import CommunityAlreadyMember, city_create_member, coordinator_add
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_member_city_takes_the_next_member_number_and_a_slug_of_its_own():
    CityFactory(name="Kisumu", slug="kisumu", country="KE", region="Nyanza", member_number=41)
    city = city_create_member(name="Kisumu", country="KE", region="Kisumu County", population=600_000)
    assert city.member_number == 42
    assert city.slug == "kisumu-ke"
    assert city.member_since is not None


def test_a_community_already_a_member_is_refused_naming_the_member():
    member = CityFactory(name="Kisumu", country="KE", region="Nyanza", member_number=77)
    with pytest.raises(CommunityAlreadyMember) as refused:
        city_create_member(name="KISUMU", country="KE", region="nyanza")
    assert refused.value.existing == member


def test_a_population_year_without_a_population_is_dropped():
    assert city_create_member(name="Lyon", country="FR", population_year=2020).population_year is None


def test_adding_a_coordinator_keeps_a_role_they_already_hold():
    city, person = CityFactory(), UserFactory()
    assert (
        coordinator_add(user=person, city=city, role=CoordinatorRole.LEAD_LIAISON).role == CoordinatorRole.LEAD_LIAISON
    )
    again = coordinator_add(user=person, city=city, role=CoordinatorRole.CO_COORDINATOR)
    assert again.role == CoordinatorRole.LEAD_LIAISON
    assert city.coordinators.count() == 1
