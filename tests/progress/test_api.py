"""`/api/v1/progress/`: the current snapshot and the history."""

from datetime import date

import pytest
from django.utils import timezone

from progress.services import progress_snapshot_take
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    CityFactory(name="Ashland", country="US", member_since=date(2024, 1, 10))
    CityFactory(name="Kisumu", country="KE", region="", member_since=timezone.localdate())
    return progress_snapshot_take()


def test_current_is_the_latest_snapshot_with_its_goal_and_projection(client, network):
    response = client.get("/api/v1/progress/current/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == timezone.localdate().isoformat()
    assert body["goal"] == {"target": 1000, "deadline": "2030-12-31"}
    assert (body["members"], body["countries"], body["continents"]) == (2, 2, 2)
    assert body["members_by_continent"] == {"AF": 1, "NA": 1}
    assert body["verdict"] == "behind" and body["backfilled"] is False
    assert set(body) >= {"required_monthly_rate", "actual_monthly_rate", "projected_members_at_deadline"}


def test_the_history_comes_newest_first_in_pages(client, network):
    body = client.get("/api/v1/progress/", HTTP_ACCEPT="application/json").json()
    assert body["count"] == len(body["results"]) > 2  # January 2024 onwards, month by month, and today
    assert body["results"][0]["date"] == timezone.localdate().isoformat()
    assert body["results"][-1]["date"] == "2024-01-31" and body["results"][-1]["backfilled"] is True


def test_the_history_between_two_days(client, network):
    body = client.get("/api/v1/progress/?since=2024-03-01&until=2024-05-31", HTTP_ACCEPT="application/json").json()
    assert [row["date"] for row in body["results"]] == ["2024-05-31", "2024-04-30", "2024-03-31"]


def test_one_day(client, network):
    response = client.get("/api/v1/progress/2024-02-29/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["members"] == 1
    assert client.get("/api/v1/progress/2024-02-30/", HTTP_ACCEPT="application/json").status_code == 404


def test_a_bad_date_is_a_400_that_names_it(client, network):
    response = client.get("/api/v1/progress/?since=yesterday", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Bad parameter. since:")


def test_current_before_any_snapshot_is_a_404_with_a_reason(client):
    response = client.get("/api/v1/progress/current/", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert response.json() == {"detail": "No progress snapshot has been taken yet."}


def test_an_incremental_sync_reads_computed_at_as_updated_at(client, network):
    body = client.get("/api/v1/progress/?updated_since=2000-01-01T00:00:00Z", HTTP_ACCEPT="application/json").json()
    assert body["count"] == 0  # a sync window closes a moment before it begins: snapshots of just now come next time
    assert body["results"] == []


def test_the_schema_describes_the_progress_collection(client):
    schema = client.get("/api/schema/?format=json", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"/api/v1/progress/", "/api/v1/progress/current/", "/api/v1/progress/{date}/"} <= set(schema["paths"])


def test_the_range_takes_iso_days_only_and_says_so_as_every_date_parameter_does(client, network):
    wrong_format = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
    for day in ["03/01/2024", "2024-3-1x", " ", "2024-02-30", "2024-03-01T00:00"]:
        response = client.get("/api/v1/progress/", {"since": day}, HTTP_ACCEPT="application/json")
        assert response.status_code == 400, day
        assert response.json() == {
            "detail": f"Bad parameter. since: {wrong_format}",
            "errors": {"since": [wrong_format]},
        }


def test_an_empty_range_parameter_is_no_filter(client, network):
    everything = client.get("/api/v1/progress/", HTTP_ACCEPT="application/json").json()["count"]
    assert client.get("/api/v1/progress/?since=&until=", HTTP_ACCEPT="application/json").json()["count"] == everything


def test_one_day_ignores_the_range_parameters_of_the_history(client, network):
    response = client.get("/api/v1/progress/2024-02-29/?since=yesterday", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["date"] == "2024-02-29"
