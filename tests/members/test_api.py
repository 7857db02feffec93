"""The partner API's cities: filters, formats, errors, conditional requests, sync, privacy and query counts."""

import csv
import datetime
import io

import orjson
import pytest
from django.db import connection
from django.utils import timezone

from icp_portal.api import pagination
from icp_portal.api.etags import content_etag
from members.choices import CommunityType, MembershipStatus, Network
from members.models import City, NetworkAffiliation
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory, ProclamationFactory

pytestmark = pytest.mark.django_db

CITIES = "/api/v1/cities/"


def get_json(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content
    return orjson.loads(response.content)


def slugs(body) -> list[str]:
    return [city["slug"] for city in body["results"]]


@pytest.fixture
def network():
    """Three cities on three continents, with proclamations, initiatives and an affiliation."""
    kyoto = CityFactory(
        name="Kyoto",
        slug="kyoto",
        country="JP",
        region="Kyoto",
        community_type=CommunityType.CITY,
        member_since=datetime.date(2012, 5, 1),
        member_number=1,
        latitude="35.011564",
        longitude="135.768149",
    )
    dayton = CityFactory(
        name="Dayton",
        slug="dayton",
        country="US",
        region="Ohio",
        community_type=CommunityType.CITY,
        member_since=datetime.date(2015, 9, 21),
        member_number=2,
    )
    assisi = CityFactory(
        name="Assisi",
        slug="assisi",
        country="IT",
        region="Umbria",
        community_type=CommunityType.TOWN,
        member_since=datetime.date(2020, 1, 15),
        member_number=3,
        status=MembershipStatus.WITHDRAWN,
        latitude=None,
        longitude=None,
    )
    ProclamationFactory(city=kyoto)
    ProclamationFactory(city=kyoto, is_public=False, title="Draft kept private")
    InitiativeFactory(city=kyoto)
    InitiativeFactory(city=kyoto)
    InitiativeFactory(city=dayton)
    NetworkAffiliation.objects.create(city=dayton, network=Network.MAYORS_FOR_PEACE, identifier="US-0042")
    return {"kyoto": kyoto, "dayton": dayton, "assisi": assisi}


def test_list_is_paginated_with_counts_links_and_continent(client, network):
    body = get_json(client, CITIES)
    assert body["count"] == 3 and body["next"] is None and body["previous"] is None
    assert slugs(body) == ["kyoto", "dayton", "assisi"]  # member number order by default
    kyoto = body["results"][0]
    assert kyoto["country"] == {"code": "JP", "name": "Japan"}
    assert kyoto["continent"] == {"code": "AS", "name": "Asia"}
    assert kyoto["proclamation_count"] == 1  # the private one is not counted
    assert kyoto["initiative_count"] == 2
    assert kyoto["latitude"] == pytest.approx(35.011564) and kyoto["longitude"] == pytest.approx(135.768149)
    assert kyoto["url"] == "http://testserver/api/v1/cities/kyoto/"
    assert kyoto["web_url"] == "http://testserver/cities/kyoto/"
    assert body["results"][1]["networks"] == [
        {"network": "mayors_for_peace", "name": "Mayors for Peace", "identifier": "US-0042", "since": None}
    ]


def test_list_shape_matches_the_documented_serializer(client, network):
    from members.api.serializers import CityDetailSerializer, CitySerializer

    listed = get_json(client, CITIES)["results"][0]
    assert set(listed) == set(CitySerializer().fields)
    detail = get_json(client, CITIES + "kyoto/")
    assert set(detail) == set(CityDetailSerializer().fields)


def test_page_size_pages_and_caps_at_one_hundred(client, network):
    first = get_json(client, CITIES + "?page_size=2")
    assert slugs(first) == ["kyoto", "dayton"] and first["count"] == 3
    second = get_json(client, first["next"])
    assert slugs(second) == ["assisi"] and second["next"] is None and second["previous"]
    CityFactory.create_batch(110)
    assert len(get_json(client, CITIES + "?page_size=1000")["results"]) == 100


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=JP", ["kyoto"]),
        ("country=us", ["dayton"]),
        ("continent=EU", ["assisi"]),
        ("continent=NA", ["dayton"]),
        ("community_type=town", ["assisi"]),
        ("status=withdrawn", ["assisi"]),
        ("network=mayors_for_peace", ["dayton"]),
        ("network=un_habitat", []),
        ("search=kyo", ["kyoto"]),
        ("search=ohio", ["dayton"]),
        ("search=italy", ["assisi"]),
        ("member_since_after=2015-09-21", ["dayton", "assisi"]),
        ("member_since_before=2015-09-21", ["kyoto", "dayton"]),
        ("member_since_after=2013-01-01&member_since_before=2016-01-01", ["dayton"]),
        ("ordering=name", ["assisi", "dayton", "kyoto"]),
        ("ordering=-member_since", ["assisi", "dayton", "kyoto"]),
        ("ordering=-member_number", ["assisi", "dayton", "kyoto"]),
    ],
)
def test_every_filter(client, network, query, expected):
    assert slugs(get_json(client, f"{CITIES}?{query}")) == expected


def test_updated_since_returns_rows_changed_since(client, network, monkeypatch):
    monkeypatch.setattr(pagination, "SYNC_SETTLE", datetime.timedelta(0))
    cutoff = timezone.now()
    City.objects.filter(slug="dayton").update(updated_at=cutoff + datetime.timedelta(seconds=1))
    City.objects.exclude(slug="dayton").update(updated_at=cutoff - datetime.timedelta(days=1))
    since = (cutoff - datetime.timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    # The settle window ends at "now": move dayton's change into the past of the request.
    City.objects.filter(slug="dayton").update(updated_at=cutoff)
    response = client.get(f"{CITIES}?updated_since={since}")
    assert response.status_code == 200
    assert slugs(orjson.loads(response.content)) == ["dayton"]
    assert response.headers["X-Updated-Until"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("country=XX", "country"),
        ("country=Germany", "country"),
        ("continent=Atlantis", "continent"),
        ("community_type=metropolis", "community_type"),
        ("network=league_of_nations", "network"),
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=2026-13-45T00:00:00Z", "updated_since"),
        ("member_since_after=2020-02-30", "member_since_after"),
        ("ordering=secret_column", "ordering"),
        ("page=zero", "page"),
        ("page=0", "page"),
        ("page_size=-5", "page_size"),
        ("page_size=many", "page_size"),
        ("format=xml", "format"),
        ("updated_since=2026-01-01T00:00:00Z&after=not-a-cursor", "after"),
    ],
)
def test_bad_parameters_are_400_with_a_readable_detail(client, network, query, parameter):
    body = get_json(client, f"{CITIES}?{query}", status=400)
    assert body["detail"].startswith("Bad parameter.")
    assert parameter in body["detail"] and parameter in body["errors"]


def test_unknown_country_code_names_the_code(client, network):
    body = get_json(client, f"{CITIES}?country=XX", status=400)
    assert "'XX'" in body["detail"] and "ISO 3166-1 alpha-2" in body["detail"]


def test_bad_parameter_with_csv_format_still_answers_json(client, network):
    response = client.get(f"{CITIES}?format=csv&country=XX")
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert "detail" in orjson.loads(response.content)


def test_unknown_city_page_and_collection_are_json_404(client, network):
    assert "detail" in get_json(client, CITIES + "atlantis/", status=404)
    assert get_json(client, CITIES + "?page=9", status=404) == {"detail": "Invalid page."}
    assert "detail" in get_json(client, "/api/v1/no-such-thing/", status=404)


def test_detail_has_statement_and_only_consenting_coordinators(client, network):
    kyoto = network["kyoto"]
    kyoto.contact_email = "peace@kyoto.example.org"
    kyoto.peace_statement = "A city of temples and of dialogue."
    kyoto.save()
    shown = CoordinatorFactory(city=kyoto, show_contact_publicly=True, user__full_name="Aiko Tanaka")
    hidden = CoordinatorFactory(
        city=kyoto, show_contact_publicly=False, role="co_coordinator", user__email="hidden@example.org"
    )
    response = client.get(CITIES + "kyoto/")
    body = orjson.loads(response.content)
    assert body["coordinators"] == [{"name": "Aiko Tanaka", "email": shown.user.email, "role": "lead_liaison"}]
    assert hidden.user.email.encode() not in response.content
    assert body["peace_statement"] == "A city of temples and of dialogue."
    assert body["contact_email"] == "peace@kyoto.example.org"
    assert body["proclamations_url"] == "http://testserver/api/v1/proclamations/?city=kyoto"


def test_no_personal_data_in_any_list_format(client, network):
    hidden = CoordinatorFactory(city=network["kyoto"], show_contact_publicly=False, user__email="private@example.org")
    for query in ("", "?format=geojson", "?format=csv", "?format=csv&page_size=10"):
        response = client.get(CITIES + query)
        content = response.content if not response.streaming else b"".join(response.streaming_content)
        assert hidden.user.email.encode() not in content
        assert hidden.user.full_name.encode() not in content


def test_geojson_is_an_rfc7946_feature_collection_of_all_cities(client, network):
    response = client.get(CITIES + "?format=geojson")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/geo+json"
    body = orjson.loads(b"".join(response.streaming_content))
    assert body["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in body["features"]}
    assert set(features) == {"kyoto", "dayton", "assisi"}
    # RFC 7946: longitude first.
    assert features["kyoto"]["geometry"] == {"type": "Point", "coordinates": [135.768149, 35.011564]}
    assert features["assisi"]["geometry"] is None  # no known place
    assert features["kyoto"]["properties"]["country"] == "JP"
    assert features["kyoto"]["properties"]["initiative_count"] == 2


def test_geojson_page_with_filters(client, network):
    body = get_json(client, CITIES + "?format=geojson&page_size=1&continent=AS")
    assert body["type"] == "FeatureCollection" and body["count"] == 1
    assert [feature["id"] for feature in body["features"]] == ["kyoto"]


def test_csv_has_a_header_and_one_line_per_city(client, network):
    response = client.get(CITIES + "?format=csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["slug"] for row in rows] == ["kyoto", "dayton", "assisi"]
    assert rows[1]["networks"] == "mayors_for_peace:US-0042"
    assert rows[0]["continent"] == "AS" and rows[0]["initiative_count"] == "2"
    paged = client.get(CITIES + "?format=csv&page_size=2&page=2")
    assert [row["slug"] for row in csv.DictReader(io.StringIO(paged.content.decode()))] == ["assisi"]


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client):
    CityFactory(name="=HYPERLINK(1)", slug="formula")
    response = client.get(CITIES + "?format=csv")
    row = next(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert row["name"] == "'=HYPERLINK(1)"


def test_etag_and_if_none_match_answer_304(client, network):
    response = client.get(CITIES)
    etag = response.headers["ETag"]
    assert response.headers["Last-Modified"]
    again = client.get(CITIES, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    detail = client.get(CITIES + "kyoto/")
    assert client.get(CITIES + "kyoto/", headers={"If-None-Match": detail.headers["ETag"]}).status_code == 304
    network["kyoto"].name = "Kyōto"
    network["kyoto"].save()
    assert client.get(CITIES, headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda city: NetworkAffiliation.objects.create(city=city, network=Network.UNESCO_CREATIVE_CITIES),
            id="network joined",
        ),
        pytest.param(lambda city: InitiativeFactory(city=city), id="initiative added"),
        pytest.param(lambda city: city.initiatives.first().delete(), id="initiative deleted"),
        pytest.param(lambda city: ProclamationFactory(city=city), id="proclamation added"),
        pytest.param(lambda city: city.proclamations.first().delete(), id="proclamation deleted"),
        pytest.param(lambda city: city.initiatives.all().delete(), id="initiatives deleted in bulk"),
    ],
)
def test_a_change_to_what_the_record_shows_brings_the_city_into_the_next_sync(network, change):
    before = City.objects.get(slug="kyoto").updated_at
    change(City.objects.get(slug="kyoto"))
    assert City.objects.get(slug="kyoto").updated_at > before


class TestPageCache:
    """A list page is rendered once and served again until the data changes, in any process."""

    def kyoto(self, client, **headers) -> dict:
        body = get_json(client, CITIES, **headers)
        return next(city for city in body["results"] if city["slug"] == "kyoto")

    def test_a_new_initiative_shows_at_once(self, client, network):
        count = self.kyoto(client)["initiative_count"]
        InitiativeFactory(city=network["kyoto"])
        assert self.kyoto(client)["initiative_count"] == count + 1

    def test_a_new_network_shows_at_once(self, client, network):
        NetworkAffiliation.objects.filter(city=network["kyoto"]).delete()
        assert self.kyoto(client)["networks"] == []
        NetworkAffiliation.objects.create(city=network["kyoto"], network=Network.PEACE_MESSENGER_CITIES)
        assert [each["network"] for each in self.kyoto(client)["networks"]] == ["peace_messenger_cities"]

    def test_a_deleted_city_leaves_at_once(self, client, network):
        assert "dayton" in slugs(get_json(client, CITIES))
        City.objects.filter(slug="dayton").delete()
        assert "dayton" not in slugs(get_json(client, CITIES))

    def test_pages_differ_by_language_host_and_format(self, client, network):
        assert self.kyoto(client)["country"]["name"] == "Japan"
        assert self.kyoto(client, **{"Accept-Language": "fr"})["country"]["name"] == "Japon"
        assert self.kyoto(client)["url"].startswith("http://testserver/")
        other_host = self.kyoto(client, Host="localhost")
        assert other_host["url"].startswith("http://localhost/")
        geojson = client.get(CITIES + "?format=geojson&page_size=10")
        assert geojson.headers["Content-Type"] == "application/geo+json"
        assert orjson.loads(geojson.content)["type"] == "FeatureCollection"

    def test_switched_off_every_request_builds_its_page(self, client, network, settings, django_assert_num_queries):
        settings.API_PAGE_CACHE_SECONDS = 0
        client.get(CITIES)
        # the version, then on PostgreSQL one query writes the page and counts; elsewhere count, page, networks
        with django_assert_num_queries(2 if connection.vendor == "postgresql" else 4):
            client.get(CITIES)

    def test_a_page_has_one_etag_from_the_cache_or_built_fresh(self, client, network, settings):
        cached = client.get(CITIES)
        settings.API_PAGE_CACHE_SECONDS = 0
        fresh = client.get(CITIES)
        detail = client.get(CITIES + "kyoto/")  # no page cache: the viewsets' own ETag
        assert fresh.content == cached.content
        assert fresh.headers["ETag"] == cached.headers["ETag"] == content_etag(cached.content)
        assert detail.headers["ETag"] == content_etag(detail.content)
        # A client holding the cached page's ETag gets 304 from the fresh path.
        assert client.get(CITIES, headers={"If-None-Match": cached.headers["ETag"]}).status_code == 304

    def test_a_cached_page_answers_304_and_bad_pages_are_never_kept(self, client, network):
        first = client.get(CITIES)
        cached = client.get(CITIES, headers={"If-None-Match": first.headers["ETag"]})
        assert cached.status_code == 304
        assert client.get(CITIES + "?page=9").status_code == 404
        assert client.get(CITIES + "?page=9").status_code == 404


class TestIncrementalSync:
    """A sync with updated_since reads every row once, however the rows change while it pages."""

    def read_all(self, client, url, on_each_page=None) -> tuple[list[str], str]:
        seen, until = [], None
        while url:
            response = client.get(url)
            assert response.status_code == 200
            until = until or response.headers["X-Updated-Until"]
            body = orjson.loads(response.content)
            seen += slugs(body)
            if on_each_page:
                on_each_page()
            url = body["next"]
        return seen, until

    def test_sync_reads_every_row_once_even_when_rows_change_mid_sync(self, client, monkeypatch):
        monkeypatch.setattr(pagination, "SYNC_SETTLE", datetime.timedelta(0))
        CityFactory.create_batch(25)
        start = "2000-01-01T00:00:00Z"
        all_slugs = set(City.objects.values_list("slug", flat=True))
        changed = []

        def change_a_city_already_read_and_one_not_yet():
            # An already-read row moves to the end, an unread one too: neither may shift what follows.
            for city in City.objects.order_by("updated_at", "id")[:1]:
                city.population += 1
                city.save()
                changed.append(city.slug)

        seen, until = self.read_all(
            client, f"{CITIES}?updated_since={start}&page_size=4", change_a_city_already_read_and_one_not_yet
        )
        assert len(seen) == len(set(seen)), "a row was read twice"
        assert set(seen) == all_slugs, "a row was missed"
        # The next sync, from where this one ended, brings exactly the rows changed meanwhile.
        next_sync, _ = self.read_all(client, f"{CITIES}?updated_since={until.replace('+00:00', 'Z')}&page_size=4")
        assert set(next_sync) == set(changed)

    def test_equal_timestamps_are_split_across_pages_by_id(self, client, monkeypatch):
        monkeypatch.setattr(pagination, "SYNC_SETTLE", datetime.timedelta(0))
        CityFactory.create_batch(7)
        same = timezone.now() - datetime.timedelta(minutes=1)
        City.objects.update(updated_at=same)
        seen, _ = self.read_all(client, f"{CITIES}?updated_since=2000-01-01T00:00:00Z&page_size=3")
        assert sorted(seen) == sorted(City.objects.values_list("slug", flat=True))

    def test_rows_of_the_last_seconds_wait_for_the_next_sync(self, client):
        CityFactory(slug="just-saved")
        body = get_json(client, f"{CITIES}?updated_since=2000-01-01T00:00:00Z")
        assert slugs(body) == []  # saved under SYNC_SETTLE ago: its transaction may not be visible to all yet


@pytest.mark.parametrize(
    "query",
    [
        "",
        "format=geojson&",
        "format=csv&",
        "country=JP&continent=AS&network=mayors_for_peace&search=k&ordering=name&",
        "updated_since=2000-01-01T00:00:00Z&",
    ],
)
def test_queries_per_list_request_do_not_grow_with_page_size(client, django_assert_num_queries, monkeypatch, query):
    monkeypatch.setattr(pagination, "SYNC_SETTLE", datetime.timedelta(0))
    for number in range(120):
        city = CityFactory(country="JP", name=f"Kasama {number}")
        NetworkAffiliation.objects.create(city=city, network=Network.MAYORS_FOR_PEACE, identifier=str(number))
        InitiativeFactory(city=city)
    syncing = "updated_since" in query
    written_by_postgresql = connection.vendor == "postgresql" and "csv" not in query
    for page_size in (1, 100):
        # the data's version (not in a sync, which never comes from the page cache); then on PostgreSQL one query
        # writes the page's JSON and counts the rows; elsewhere (and for CSV) one query counts the rows, one reads
        # the page with its counts, one the networks (not in GeoJSON)
        building = 1 if written_by_postgresql else 2 if "geojson" in query else 3
        with django_assert_num_queries((0 if syncing else 1) + building):
            response = client.get(f"{CITIES}?{query}page_size={page_size}")
        assert response.status_code == 200
        assert response.content.count(b"kasama-") >= page_size
        if not syncing:
            with django_assert_num_queries(1):  # the same page again, unchanged data: only the version
                again = client.get(f"{CITIES}?{query}page_size={page_size}")
            assert again.content == response.content


@pytest.mark.parametrize("output", ["geojson", "csv"])
def test_streamed_formats_take_constant_queries(client, django_assert_max_num_queries, output):
    CityFactory.create_batch(30)
    # one query streams the cities with their counts; CSV adds one for the networks of each chunk of 1000
    with django_assert_max_num_queries(2):
        response = client.get(f"{CITIES}?format={output}")
        b"".join(response.streaming_content)


def test_detail_takes_three_queries(client, network, django_assert_num_queries):
    # the city with its counts, its networks, its consenting coordinators
    with django_assert_num_queries(3):
        assert client.get(CITIES + "dayton/").status_code == 200


def test_detail_only_speaks_json(client, network):
    assert "format" in get_json(client, CITIES + "kyoto/?format=csv", status=400)["errors"]


@pytest.mark.parametrize("moment", ["1167-03-22T17:32:35+22:35", "0001-01-01T00:00:00-05:00"])
def test_odd_but_parseable_times_never_reach_the_database_unchecked(client, moment):
    response = client.get(CITIES, {"updated_since": moment})
    assert response.status_code in (200, 400)
