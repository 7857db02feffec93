"""Pages PostgreSQL writes itself (icp_portal/api/prerendered.py) are byte for byte the pages the serializers write:
both paths answer the same requests over random cities, initiatives and proclamations, with every filter, order,
page size, format, language and sync, and their bodies and headers are compared."""

import datetime
import random
from decimal import Decimal
from urllib.parse import urlencode

import orjson
import pytest
from django.db import DatabaseError, connection, transaction

from icp_portal.api import pagination, viewsets
from initiatives.choices import InitiativeCategory, InitiativeStatus, PartnershipStatus
from initiatives.models import Initiative, InitiativePartner
from members.choices import CommunityType, MembershipStatus, Network, Pathway
from members.filtersets import CITY_ORDERINGS
from members.models import City, NetworkAffiliation
from partners import tallies
from proclamations.choices import ProclamationKind
from proclamations.models import Proclamation
from tests.factories import CityFactory, InitiativeFactory, ProclamationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL writes the pages; elsewhere nothing to compare"
    ),
]

NOW = datetime.datetime(2026, 6, 1, 12, 0, 0, 123456, tzinfo=datetime.UTC)
# Texts that JSON writers disagree on when they can: quotes, backslashes, control characters, line and paragraph
# separators, DEL, characters outside the BMP, HTML, and the words JSON itself uses.
PIECES = [
    "Zürich",
    "東京",
    "🕊️ peace",
    'say "peace"',
    "back\\slash",
    "tab\there",
    "new\nline",
    "carriage\r\nreturn",
    "\u2028separator\u2029",
    "\x01\x1f control",
    "del\x7f",
    "</script>",
    "null",
    "  spaced  ",
    "ÅÆØ",
    "€ 100",
    "\\u0041",
    "'single'",
    "\u00a0nbsp\u3000",
]
COUNTRIES = ["JP", "US", "DE", "KE", "BR", "FR", "IN", "AU", "AQ", "CI"]
TINY_AND_ROUND = ["0.000001", "-0.000009", "0.000010", "0.000000", "90.000000", "-180.000000", "12.300000", "-0.5"]


def phrase(rng: random.Random, allow_empty: bool = True) -> str:
    if allow_empty and rng.random() < 0.15:
        return ""
    return " ".join(rng.sample(PIECES, rng.randint(1, 3)))


def moment(rng: random.Random) -> datetime.datetime:
    at = NOW - datetime.timedelta(days=rng.randint(0, 4000), seconds=rng.randint(0, 86400))
    return at.replace(microsecond=rng.choice([0, 0, 1, 120000, 999999, rng.randint(0, 999999)]))


def day(rng: random.Random) -> datetime.date:
    """A day before every updated_at `moment` gives (a proclamation is adopted before it is recorded)."""
    return (
        rng.choice([datetime.date(999, 1, 2), datetime.date(2000, 2, 29)])
        if rng.random() < 0.1
        else (datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 23000)))
    )


def coordinate(rng: random.Random, limit: int) -> Decimal:
    if rng.random() < 0.3:
        return rng.choice([value for value in map(Decimal, TINY_AND_ROUND) if abs(value) <= limit])
    return Decimal(rng.randint(-limit * 10**6, limit * 10**6)).scaleb(-6)


@pytest.fixture
def world():
    rng = random.Random(16)
    cities = []
    for number in range(70):
        placed = rng.random() < 0.85
        population = rng.choice([None, 7, 24_000, 2_147_000_000])
        city = CityFactory(
            name=f"{phrase(rng, allow_empty=False)} {number}",
            slug=f"city-{number}",
            country="XK" if number == 7 else rng.choice(COUNTRIES),
            region=phrase(rng),
            community_type=rng.choice(CommunityType.values),
            status=rng.choice(MembershipStatus.values),
            pathway=rng.choice(Pathway.values),
            population=population,
            population_year=rng.choice([None, 1999, 2024]) if population else None,
            # Both or neither.
            latitude=coordinate(rng, 90) if placed else None,
            longitude=coordinate(rng, 180) if placed else None,
            website=rng.choice(["", "https://example.org/ü?q=1&r=2", "http://peace.example/"]),
            # From the network's founding to before any updated_at below, as a constraint holds.
            member_since=datetime.date(2009, 1, 1) + datetime.timedelta(days=rng.randint(0, 2000)),
        )
        for network in rng.sample(Network.values, rng.choice([0, 0, 1, 3])):
            NetworkAffiliation.objects.create(
                city=city, network=network, identifier=phrase(rng), since=rng.choice([None, day(rng)])
            )
        cities.append(city)
    for number in range(80):
        start = rng.choice([None, day(rng)])
        InitiativeFactory(
            city=rng.choice(cities),
            title=f"{phrase(rng, allow_empty=False)} {number}",
            slug=f"initiative-{number}",
            category=rng.choice(InitiativeCategory.values),
            status=rng.choice(InitiativeStatus.values),
            description=phrase(rng),
            start_date=start,
            end_date=rng.choice([None, start + datetime.timedelta(days=rng.randint(0, 900))]) if start else None,
            participants=rng.choice([None, 0, 12, 4_000_000]),
            partner_organisations=rng.choice(
                [
                    "",
                    "One\nTwo",
                    " Spaced \r\n\r\n\tTabbed\u2028Separated\x1cFile\x85Next\u00a0",
                    "\n\n",
                    "Só uma",
                    "\n  Leading  and trailing  \n \n\n  Next one \n ",
                    ' "Quoted" \\ back\\slash \n\n é ',
                    " \n ",
                ]
            ),
            link=rng.choice(["", "https://example.org/ä"]),
        )
    # Partner cities of joint projects: accepted, invited or ended, of members and former members, with names that
    # order and escape differently (a random source of its own, so the rows above stay what they were).
    partners_rng = random.Random(17)
    for initiative in Initiative.objects.order_by("pk"):
        others = [city for city in cities if city.pk != initiative.city_id]
        for city in partners_rng.sample(others, partners_rng.choice([0, 0, 1, 2, 4])):
            status = partners_rng.choice(PartnershipStatus.values + [PartnershipStatus.ACCEPTED] * 3)
            accepted_on = datetime.date(2024, 1, 1) if status == PartnershipStatus.ACCEPTED else None
            InitiativePartner.objects.create(initiative=initiative, city=city, status=status, accepted_on=accepted_on)
    for number in range(80):
        proclamation = ProclamationFactory(
            city=rng.choice(cities),
            kind=rng.choice(ProclamationKind.values),
            title=phrase(rng, allow_empty=False),
            issuing_body=phrase(rng),
            adopted_on=day(rng),
            summary=phrase(rng),
            text=phrase(rng),
            language=rng.choice(["en", "ja", "pt-br"]),
            is_public=rng.random() < 0.85,
        )
        if rng.random() < 0.4:
            # A stored name, not an upload: the storage writes its address (quoting spaces and accents).
            name = f"proclamations/2021/{number:032x}/{rng.choice(['decl.pdf', 'déclaration de paix.pdf'])}"
            Proclamation.objects.filter(pk=proclamation.pk).update(document=name)
    # auto_now sets updated_at on save: spread them, with and without microseconds, some shared.
    for model in (City, Initiative, Proclamation):
        shared = moment(rng)
        for pk in model.objects.values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(updated_at=shared if rng.random() < 0.2 else moment(rng))
    return rng


def both_paths(client, monkeypatch, url: str, **headers):
    """The answer PostgreSQL writes, then the answer the serializers write, to the same request."""
    written = client.get(url, headers=headers)
    with monkeypatch.context() as serializers_only:
        serializers_only.setattr(viewsets, "writes_json", lambda queryset: False)  # every viewset asks here
        serialized = client.get(url, headers=headers)
    return written, serialized


def assert_same(written, serialized, url: str) -> bytes:
    """The body both answers have, once their statuses, bodies and headers are found the same."""
    body = body_of(written)
    assert written.status_code == serialized.status_code, url
    assert body == body_of(serialized), url
    for header in ("Content-Type", "ETag", "Last-Modified", "X-Updated-Until"):
        assert written.headers.get(header) == serialized.headers.get(header), (url, header)
    return body


def body_of(response) -> bytes:
    # GeoJSON without a page streams every city: not written by PostgreSQL, compared all the same.
    return b"".join(response.streaming_content) if response.streaming else response.content


def compare_following_next(client, monkeypatch, url: str, pages: int = 6, **headers) -> int:
    """Compares the page and the pages its `next` links lead to; the number of rows compared."""
    rows = 0
    for _ in range(pages):
        written, serialized = both_paths(client, monkeypatch, url, **headers)
        content = assert_same(written, serialized, url)
        if written.status_code != 200:
            return rows
        body = orjson.loads(content)
        rows += len(body.get("results", body.get("features", [])))
        if not body.get("next"):
            break
        url = body["next"]
    return rows


@pytest.fixture
def fixed_clock(settings, monkeypatch):
    settings.API_PAGE_CACHE_SECONDS = 0  # both paths build every page
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {}}  # hundreds of requests
    monkeypatch.setattr(pagination.timezone, "now", lambda: NOW)
    # A sync's window larger than this is counted from the tally (partners/tallies.py): at 1000, no window of the
    # random data would be; at 7, the first pages of a sync are and its last ones are not.
    monkeypatch.setattr(tallies, "DIRECT_COUNT_LIMIT", 7)


SINCE = ["2000-01-01T00:00:00Z", "2020-05-01T10:00:00+05:30", "2024-01-01 00:00:00", "2023-06-30T23:59:59.5-08:00"]


def random_queries(rng: random.Random, filters: list[dict], count: int) -> list[str]:
    queries = []
    for _ in range(count):
        query = {}
        for chosen in rng.sample(filters, rng.randint(0, 2)):
            query.update(chosen)
        if rng.random() < 0.4:
            query["updated_since"] = rng.choice(SINCE)
        if rng.random() < 0.7:
            query["page_size"] = rng.choice(["1", "3", "7", "50", "100", "500"])
        if "updated_since" not in query and rng.random() < 0.4:
            query["page"] = rng.choice(["1", "2", "3"])
        queries.append(urlencode(query))
    return queries


def test_city_pages_are_the_serializers_bytes(client, monkeypatch, world, fixed_clock):
    filters = [
        {"country": "JP"},
        {"country": "de"},
        {"continent": "AS"},
        {"community_type": "city"},
        {"status": "withdrawn"},
        {"network": "mayors_for_peace"},
        {"search": "zü"},
        {"search": "東京 peace"},
        {"member_since_after": "1990-01-01"},
        {"member_since_before": "2010-12-31"},
        *({"ordering": ordering} for ordering in CITY_ORDERINGS),
    ]
    rows = 0
    for query in random_queries(world, filters, 60):
        for output in ("json", "geojson"):
            language = world.choice(["en", "es", "fr"])
            url = f"/api/v1/cities/?{query}&format={output}"
            rows += compare_following_next(client, monkeypatch, url, HTTP_ACCEPT_LANGUAGE=language)
    assert rows > 150, rows  # many rows were compared, not only empty pages


@pytest.mark.parametrize(
    "query",
    [
        "",
        "format=geojson&page_size=100",
        "updated_since=2000-01-01T00:00:00Z&page_size=100",
        "updated_since=2000-01-01T00:00:00Z&format=geojson&page_size=100",
        "page=99",
        "page=last",
        "page=0",
        "page_size=0",
        "updated_since=yesterday",
        "updated_since=2000-01-01T00:00:00Z&after=bm90IGEgY3Vyc29y",
        "country=ZZ",
        "ordering=shoe_size",
    ],
)
def test_city_pages_and_errors_at_the_edges_are_the_same(client, monkeypatch, world, fixed_clock, query):
    compare_following_next(client, monkeypatch, f"/api/v1/cities/?{query}")


def test_initiative_pages_are_the_serializers_bytes(client, monkeypatch, world, fixed_clock):
    filters = [
        {"city": "city-3"},
        {"country": "JP"},
        {"category": InitiativeCategory.values[0]},
        {"status": "active"},
        {"search": "peace"},
        {"search": "東京"},
    ]
    rows = sum(
        compare_following_next(client, monkeypatch, f"/api/v1/initiatives/?{query}", HTTP_HOST="partners.example")
        for query in [*random_queries(world, filters, 60), "page_size=100"]
    )
    assert rows > 150, rows


def test_proclamation_pages_are_the_serializers_bytes(client, monkeypatch, world, fixed_clock):
    filters = [
        {"city": "city-5"},
        {"country": "US"},
        {"kind": ProclamationKind.values[0]},
        {"adopted_after": "1990-01-01"},
        {"adopted_before": "2010-01-01"},
    ]
    rows = sum(
        compare_following_next(client, monkeypatch, f"/api/v1/proclamations/?{query}")
        for query in [*random_queries(world, filters, 60), "page_size=100"]
    )
    assert rows > 150, rows
    assert (
        b"d%C3%A9claration%20de%20paix.pdf"
        in both_paths(client, monkeypatch, "/api/v1/proclamations/?page_size=100")[0].content
    )


def test_the_random_data_holds_the_hard_cases(world):
    assert (
        City.objects.filter(latitude__gt=0, latitude__lt=Decimal("0.00001")).exists()
        or City.objects.filter(longitude__gt=0, longitude__lt=Decimal("0.00001")).exists()
        or City.objects.filter(longitude__lt=0, longitude__gt=Decimal("-0.00001")).exists()
    )
    assert City.objects.filter(latitude=None).exists()
    microseconds = {city.updated_at.microsecond for city in City.objects.all()}
    assert 0 in microseconds and len(microseconds) > 2
    assert NetworkAffiliation.objects.filter(since=None).exists()
    assert Initiative.objects.filter(partner_organisations__contains="\u2028").exists()


def test_a_page_takes_one_query_on_postgresql(client, world, fixed_clock, django_assert_max_num_queries):
    for url in (
        "/api/v1/cities/?updated_since=2000-01-01T00:00:00Z&page_size=100",
        "/api/v1/cities/?updated_since=2000-01-01T00:00:00Z&format=geojson&page_size=100",
        "/api/v1/initiatives/?updated_since=2000-01-01T00:00:00Z&page_size=100",
        "/api/v1/proclamations/?updated_since=2000-01-01T00:00:00Z&page_size=100",
        "/api/v1/initiatives/?country=JP&page=2&page_size=3",
    ):
        with django_assert_max_num_queries(1):  # the page's JSON and the count, in one query
            assert client.get(url).status_code == 200


def test_whole_collection_pages_are_planned_once_and_filtered_ones_as_postgresql_chooses(client, world, fixed_clock):
    def statements() -> dict[str, tuple[int, int]]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, generic_plans, custom_plans FROM pg_prepared_statements")
            return {name: (generic, custom) for name, generic, custom in cursor.fetchall()}

    def plans(url: str) -> tuple[int, int]:
        """The plans of the page's statement over three requests (it may have been prepared by an earlier test on
        this connection: the statement is the one these requests ran)."""
        before = statements()
        for number in range(3):
            assert client.get(f"{url}&n={number}").status_code == 200
        ran = [
            (generic - before.get(name, (0, 0))[0], custom - before.get(name, (0, 0))[1])
            for name, (generic, custom) in statements().items()
            if (generic, custom) != before.get(name)
        ]
        assert len(ran) == 1, ran
        return ran[0]

    assert plans("/api/v1/initiatives/?updated_since=2000-01-01T00:00:00Z") == (3, 0)  # planned once, run 3 times
    assert plans("/api/v1/proclamations/?page_size=7") == (3, 0)
    assert plans("/api/v1/initiatives/?updated_since=2000-01-01T00:00:00Z&country=JP") == (0, 3)  # its own plans


def test_statements_the_server_forgot_are_prepared_again(client, world, fixed_clock):
    urls = [
        "/api/v1/initiatives/?updated_since=2000-01-01T00:00:00Z&page_size=5",
        "/api/v1/proclamations/?page_size=5",
    ]
    expected = [client.get(url).content for url in urls]
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a pooler's DISCARD ALL would
    with pytest.raises(DatabaseError), transaction.atomic():
        client.get(urls[0])  # this connection believed it had prepared them
    assert [client.get(url).content for url in urls] == expected
