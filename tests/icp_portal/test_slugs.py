"""One helper makes the slugs of every model that has one."""

import pytest

from icp_portal.slugs import unique_slug
from initiatives.models import Initiative
from initiatives.services import initiative_create
from members.models import City
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_a_slug_is_the_texts_in_ascii_letters():
    assert unique_slug(City, "Łódź") == "lodz"
    assert unique_slug(City, "Saint-Étienne") == "saint-etienne"
    assert unique_slug(City, "Straße des Friedens") == "strasse-des-friedens"


def test_a_taken_slug_tries_each_alternative_then_numbers_the_last():
    CityFactory(name="Springfield", slug="springfield", country="US", region="Illinois")
    assert unique_slug(City, "Springfield", alternatives=["us"]) == "springfield-us"
    CityFactory(name="Springfield", slug="springfield-us", country="US", region="Massachusetts")
    assert unique_slug(City, "Springfield", alternatives=["us"]) == "springfield-us-2"


def test_the_slugs_a_caller_plans_count_as_taken_without_asking_the_database():
    assert unique_slug(City, "Kisumu", taken={"kisumu", "kisumu-2"}) == "kisumu-3"


def test_a_text_without_letters_takes_the_fallback():
    assert unique_slug(City, "!!!", fallback="city") == "city"


def test_a_long_text_leaves_room_for_a_number_within_the_column():
    long_name = "a" * 500
    slug = unique_slug(City, long_name, taken={unique_slug(City, long_name)})
    assert len(slug) <= City._meta.get_field("slug").max_length
    assert slug.endswith("-2")


def test_cities_and_initiatives_make_their_slugs_with_it():
    city = CityFactory(name="Kisumu", slug="kisumu", country="KE")
    assert City.unique_slug_for("Kisumu", "KE") == "kisumu-ke"
    first = initiative_create(city=city, initiative=Initiative(title="Peace Walk", category="youth"))
    second = initiative_create(city=city, initiative=Initiative(title="Peace Walk", category="youth"))
    assert (first.slug, second.slug) == ("kisumu-peace-walk", "kisumu-peace-walk-2")
