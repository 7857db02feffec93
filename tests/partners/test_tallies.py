"""The partner API's tallies (partners/tallies.py): PostgreSQL's triggers keep them through every way rows change
(created one by one and in bulk, shown and hidden, deleted directly and by cascade, truncated), folding keeps their
sums, and a sync's window counted against them is its rows, whatever its size and cursor."""

import datetime
import random

import pytest
from django.db import connection

from icp_portal.api.prerendered import RowJSON, sync_json_rows
from initiatives.models import Initiative
from members.models import City
from members.normalise import community_key
from partners import tallies
from partners.models import RowTally
from partners.tallies import CITIES, INITIATIVES, PUBLIC_PROCLAMATIONS, fold_tallies
from partners.tasks import fold_row_tallies
from proclamations.models import Proclamation
from tests.factories import CityFactory, InitiativeFactory, ProclamationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's triggers keep the tallies"),
]

START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def tallied() -> dict[str, int]:
    totals = {}
    with connection.cursor() as cursor:
        for tally in (CITIES, INITIATIVES, PUBLIC_PROCLAMATIONS):
            sql, params = tally.total()
            cursor.execute(f"SELECT {sql}", params)
            totals[tally.collection] = cursor.fetchone()[0]
    return totals


def listed() -> dict[str, int]:
    """What the API's querysets hold."""
    return {
        "cities": City.objects.count(),
        "initiatives": Initiative.objects.count(),
        "proclamations": Proclamation.objects.public().count(),
    }


def test_the_tallies_follow_every_change_of_the_rows():
    cities = CityFactory.create_batch(4)
    ProclamationFactory.create_batch(3, city=cities[0], is_public=True)
    ProclamationFactory(city=cities[1], is_public=False)
    InitiativeFactory.create_batch(3, city=cities[2])
    built = CityFactory.build_batch(3)
    for city in built:
        city.community_key = community_key(city.name, city.region)  # what save() sets
    City.objects.bulk_create(built)
    assert listed() == tallied() == {"cities": 7, "initiatives": 3, "proclamations": 3}

    Proclamation.objects.filter(city=cities[0]).update(is_public=False)  # hidden in one statement
    hidden = Proclamation.objects.filter(city=cities[1]).get()
    hidden.is_public = True
    hidden.save()  # shown again
    Proclamation.objects.filter(city=cities[0]).update(summary="Edited")  # neither
    assert listed() == tallied() == {"cities": 7, "initiatives": 3, "proclamations": 1}

    cities[1].delete()  # its proclamation goes with it
    Initiative.objects.filter(pk=Initiative.objects.first().pk).delete()
    City.objects.filter(pk=cities[2].pk).delete()  # and its initiatives
    assert listed() == tallied() == {"cities": 5, "initiatives": 0, "proclamations": 0}


def test_folding_keeps_the_sums_in_one_row_each():
    CityFactory.create_batch(3)
    ProclamationFactory.create_batch(2, is_public=True)
    before = tallied()
    assert RowTally.objects.filter(collection="cities").count() > 1
    assert fold_tallies() > 0
    assert tallied() == before == listed()
    assert sorted(RowTally.objects.values_list("collection", flat=True)) == ["cities", "initiatives", "proclamations"]
    assert fold_tallies() == 0


def test_a_truncated_table_tallies_nothing():
    CityFactory.create_batch(2)
    InitiativeFactory()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's deferred foreign keys checked before TRUNCATE
        cursor.execute(f"TRUNCATE {City._meta.db_table} CASCADE")  # rolled back with the test
    assert listed() == tallied() == {"cities": 0, "initiatives": 0, "proclamations": 0}


@pytest.mark.parametrize("direct_count_limit", [1000, 3])
def test_a_sync_window_counted_against_the_tally_is_its_rows(monkeypatch, direct_count_limit):
    monkeypatch.setattr(tallies, "DIRECT_COUNT_LIMIT", direct_count_limit)
    rng = random.Random(16)
    cities = CityFactory.create_batch(25)
    for city in cities:  # some share a time, so the cursor's id decides
        moment = START + datetime.timedelta(hours=rng.randrange(12))
        City.objects.filter(pk=city.pk).update(updated_at=moment)
    rows = sorted(City.objects.values_list("updated_at", "pk"))
    times = [START + datetime.timedelta(hours=hours, minutes=30) for hours in range(-1, 13)]
    write_id = RowJSON(sql="r.id::text")
    for _ in range(60):
        since, until = sorted(rng.sample(times, 2))
        after = rng.choice([None, rng.choice(rows)])  # a cursor may even lie before `since`
        in_window = [row for row in rows if since <= row[0] < until and (after is None or row > after)]
        queryset = City.objects.filter(updated_at__gte=since)
        for tally in (None, CITIES):
            found = sync_json_rows(write_id, queryset, since=since, until=until, after=after, limit=2, tally=tally)
            assert found.count == len(in_window), (since, until, after, tally)
            assert found.text == ",".join(str(pk) for _, pk in in_window[:2])


def test_beat_folds_the_tallies(settings):
    CityFactory.create_batch(2)
    schedule = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["partners.tasks.fold_row_tallies"]["schedule"] <= 60 * 60
    fold_row_tallies.delay()  # in-process under the tests' settings
    assert RowTally.objects.filter(collection="cities").count() == 1
    assert tallied() == listed()
