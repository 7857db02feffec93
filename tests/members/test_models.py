"""The rules of member records, enforced by the database itself and reported by full_clean()."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from members.choices import CoordinatorRole, Pathway
from members.geography import Continent, continent_of, countries_in
from members.models import City, Coordinator
from tests.factories import CityFactory, CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def refused_by_database(**fields) -> bool:
    """Saves a city with these fields, bypassing forms; True when the database refuses it."""
    try:
        with transaction.atomic():
            CityFactory(**fields)
    except IntegrityError:
        return True
    return False


def test_city_with_membership_in_the_future_is_refused():
    tomorrow = timezone.now().date() + datetime.timedelta(days=1)
    assert refused_by_database(member_since=tomorrow)


def test_city_with_membership_today_is_accepted():
    assert not refused_by_database(member_since=timezone.now().date())


def test_membership_before_icp_was_founded_is_refused():
    assert refused_by_database(member_since=datetime.date(2008, 12, 31))


def test_moving_membership_into_the_future_later_is_refused():
    city = CityFactory()
    city.member_since = timezone.now().date() + datetime.timedelta(days=30)
    with pytest.raises(IntegrityError), transaction.atomic():
        city.save()


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(Decimal("90.5"), Decimal("10")), (Decimal("-91"), Decimal("10")), (Decimal("10"), Decimal("180.01"))],
)
def test_coordinates_out_of_range_are_refused(latitude, longitude):
    assert refused_by_database(latitude=latitude, longitude=longitude)


def test_latitude_without_longitude_is_refused():
    assert refused_by_database(latitude=Decimal("41.1"), longitude=None)


def test_city_without_any_coordinates_is_accepted():
    assert not refused_by_database(latitude=None, longitude=None)


def test_population_must_be_positive():
    assert refused_by_database(population=0)


def test_population_year_without_population_is_refused():
    assert refused_by_database(population=None, population_year=2020)


def test_second_city_of_peace_for_same_community_is_refused():
    CityFactory(name="Saint-Étienne", region="Auvergne-Rhône-Alpes", country="FR")
    # Another spelling of the same community: case, accents and punctuation differ.
    assert refused_by_database(name="SAINT ETIENNE", region="auvergne rhone alpes", country="FR", slug="other")


def test_same_name_in_another_region_or_country_is_a_different_community():
    CityFactory(name="Springfield", region="Illinois", country="US")
    assert not refused_by_database(name="Springfield", region="Ohio", country="US", slug="springfield-oh")
    assert not refused_by_database(name="Springfield", region="", country="JM", slug="springfield-jm")


def test_a_name_that_normalising_lengthens_still_fits_its_key():
    # One "ﷺ" normalises to 18 letters: 200 of them would overflow the key's column (a 500 on PostgreSQL).
    city = CityFactory(name="ﷺ" * 200, region="ß" * 120)
    city.refresh_from_db()
    assert len(city.community_key) <= City._meta.get_field("community_key").max_length


def test_member_numbers_are_unique():
    CityFactory(member_number=392)
    assert refused_by_database(member_number=392)


def test_full_clean_names_the_duplicate_community_in_words():
    CityFactory(name="Ashland", region="Oregon", country="US")
    duplicate = CityFactory.build(name="ashland", region="Oregon", country="US", slug="ashland-2", member_number=999)
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "already a City of Peace" in str(refused.value)


def test_full_clean_puts_a_future_membership_date_on_its_field():
    city = CityFactory.build(member_since=timezone.now().date() + datetime.timedelta(days=2))
    with pytest.raises(ValidationError) as refused:
        city.full_clean()
    assert "member_since" in refused.value.message_dict


def test_full_clean_puts_a_membership_before_icp_was_founded_on_its_field():
    city = CityFactory.build(member_since=datetime.date(2001, 1, 1))
    with pytest.raises(ValidationError) as refused:
        city.full_clean()
    assert refused.value.message_dict["member_since"] == ["Membership cannot start before ICP was founded in 2009."]


def test_a_form_without_the_derived_key_still_hears_of_the_duplicate_community():
    # A ModelForm leaves community_key (editable=False) out of its fields: the check must not be skipped with it.
    CityFactory(name="Ashland", region="Oregon", country="US")
    duplicate = CityFactory.build(name="ASHLAND", region="oregon", country="US", slug="ashland-2", member_number=999)
    with pytest.raises(ValidationError, match="already a City of Peace"):
        duplicate.validate_constraints(exclude={"community_key"})


def test_full_clean_reports_unpaired_coordinates():
    city = CityFactory.build(latitude=Decimal("10"), longitude=None)
    with pytest.raises(ValidationError) as refused:
        city.full_clean()
    assert "latitude" in str(refused.value).lower()


def test_continent_is_derived_from_the_country():
    assert CityFactory(country="KE").continent == Continent.AFRICA
    assert CityFactory(country="BR").continent_label == "South America"
    assert continent_of("nz") == Continent.OCEANIA
    assert "JP" in countries_in(Continent.ASIA)


def test_cities_can_be_filtered_by_continent():
    nairobi = CityFactory(country="KE")
    CityFactory(country="FR")
    assert list(City.objects.in_continent(Continent.AFRICA)) == [nairobi]


def test_slug_is_made_from_the_name_and_kept_unique():
    first = CityFactory(name="Peace Town", slug="", country="US", region="Ohio")
    second = CityFactory(name="Peace Town", slug="", country="CA", region="Ontario")
    assert first.slug == "peace-town"
    assert second.slug == "peace-town-ca"


def test_a_city_has_one_lead_liaison():
    city = CityFactory()
    CoordinatorFactory(city=city, role=CoordinatorRole.LEAD_LIAISON)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoordinatorFactory(city=city, role=CoordinatorRole.LEAD_LIAISON)
    CoordinatorFactory(city=city, role=CoordinatorRole.CO_COORDINATOR)
    assert city.coordinators.count() == 2


def test_a_person_coordinates_several_cities_but_each_once():
    person = UserFactory()
    ashland, centerville = CityFactory(), CityFactory()
    CoordinatorFactory(user=person, city=ashland)
    CoordinatorFactory(user=person, city=centerville, role=CoordinatorRole.CO_COORDINATOR)
    assert set(City.objects.coordinated_by(person)) == {ashland, centerville}
    with pytest.raises(IntegrityError), transaction.atomic():
        Coordinator.objects.create(user=person, city=ashland, role=CoordinatorRole.CO_COORDINATOR)


def test_users_sign_in_with_their_email():
    user = UserFactory(email="Coordinator@Example.org")
    assert user.check_password("a-long-test-password")
    assert user.get_username() == "Coordinator@example.org"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "council resolution"), ("es", "resolución del concejo"), ("de", "Ratsbeschluss")],
)
def test_the_pathway_mid_sentence_is_written_as_the_language_writes_nouns(language, expected):
    with translation.override(language):
        assert Pathway.in_sentence(Pathway.COUNCIL_RESOLUTION) == expected
        assert CityFactory.build(pathway=Pathway.COUNCIL_RESOLUTION).pathway_in_sentence == expected
