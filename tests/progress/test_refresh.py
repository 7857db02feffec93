"""Membership changes refresh the snapshot after commit, coalesced: a burst of changes runs the task once."""

import io

import pytest
from django.db import transaction
from django.utils import timezone

from members.choices import MembershipStatus
from members.services import city_change_status
from progress import services
from progress.models import ProgressRefreshRequest, ProgressSnapshot
from progress.services import progress_refresh_requested_run, progress_refresh_soon
from progress.tasks import refresh_progress_snapshot
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot_runs(monkeypatch):
    """Counts the snapshots the refresh task takes."""
    runs = []
    take = services.progress_snapshot_take

    def counted_take(**kwargs):
        runs.append(kwargs)
        return take(**kwargs)

    monkeypatch.setattr(services, "progress_snapshot_take", counted_take)
    return runs


@pytest.fixture
def published(monkeypatch):
    """Stands in for the broker: records what is published instead of running it (a worker would, later)."""
    calls = []
    monkeypatch.setattr(refresh_progress_snapshot, "apply_async", lambda *args, **kwargs: calls.append(kwargs))
    return calls


def test_fifty_city_changes_in_one_transaction_run_the_snapshot_once(snapshot_runs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for _ in range(50):
            CityFactory()
    assert len(callbacks) == 1
    assert len(snapshot_runs) == 1
    assert ProgressSnapshot.objects.get(date=timezone.localdate()).members == 50


def test_changes_committed_while_a_refresh_waits_queue_nothing_more(published, django_capture_on_commit_callbacks):
    for _ in range(3):  # three approvals, each its own transaction, before the worker gets to the task
        with django_capture_on_commit_callbacks(execute=True):
            CityFactory()
    assert published == [{"countdown": services.REFRESH_DELAY_SECONDS}]

    progress_refresh_requested_run()  # the worker runs the task: all three cities are counted
    assert ProgressSnapshot.objects.get(date=timezone.localdate()).members == 3
    with django_capture_on_commit_callbacks(execute=True):
        CityFactory()
    assert len(published) == 2  # a change after the run asks again


def test_a_refresh_runs_once_however_often_its_task_is_delivered(snapshot_runs, published):
    ProgressRefreshRequest.objects.filter(pk=1).update(requested_at=timezone.now())
    assert progress_refresh_requested_run() is not None
    assert progress_refresh_requested_run() is None  # a second delivery (acks_late) finds the request claimed
    assert len(snapshot_runs) == 1


def test_when_the_broker_refuses_the_change_stands_and_the_next_one_asks_again(
    monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(refresh_progress_snapshot, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        city = CityFactory()
    assert city.pk and ProgressRefreshRequest.objects.get().requested_at is None  # released for the next change


def test_a_stale_request_whose_task_was_lost_does_not_block_refreshes(published, django_capture_on_commit_callbacks):
    ProgressRefreshRequest.objects.filter(pk=1).update(
        requested_at=timezone.now() - services.REFRESH_REQUEST_STALE_AFTER * 2
    )
    with django_capture_on_commit_callbacks(execute=True):
        CityFactory()
    assert len(published) == 1


def test_the_request_row_is_made_again_if_it_went_missing(published, django_capture_on_commit_callbacks):
    ProgressRefreshRequest.objects.all().delete()  # as after a flush of the database
    with django_capture_on_commit_callbacks(execute=True):
        progress_refresh_soon()
    assert len(published) == 1 and ProgressRefreshRequest.objects.get().requested_at is not None


def test_a_withdrawal_refreshes_the_count(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        city = CityFactory()
        CityFactory()
    with django_capture_on_commit_callbacks(execute=True):
        city_change_status(city=city, status=MembershipStatus.WITHDRAWN, reason="The council revoked it.")
    assert ProgressSnapshot.objects.get(date=timezone.localdate()).members == 1


def test_a_save_of_other_fields_asks_for_no_refresh(published, django_capture_on_commit_callbacks):
    city = CityFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        city.reminded_at = timezone.now()
        city.save(update_fields=["reminded_at"])
    assert callbacks == [] and published == []


def test_a_failed_snapshot_hands_the_request_back_for_the_retry(monkeypatch):
    ProgressRefreshRequest.objects.filter(pk=1).update(requested_at=timezone.now())

    def failing_take(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "progress_snapshot_take", failing_take)
    with pytest.raises(RuntimeError):
        progress_refresh_requested_run()
    assert ProgressRefreshRequest.objects.get().requested_at is not None


def test_an_import_of_the_member_list_runs_the_snapshot_once(snapshot_runs, django_capture_on_commit_callbacks):
    import tablib

    from members.resources import CityResource

    rows = "member_number,name,community_type,country,region,member_since,pathway,status\n" + "".join(
        f"{number},Peace Town {number},town,FR,,2015-01-{number % 28 + 1:02d},proclamation,active\n"
        for number in range(1, 41)
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = CityResource().import_data(tablib.Dataset().load(rows, format="csv"), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert len(callbacks) == 1 and len(snapshot_runs) == 1
    assert ProgressSnapshot.objects.get(date=timezone.localdate()).members == 40


def test_a_dry_run_of_an_import_asks_for_nothing(published, django_capture_on_commit_callbacks):
    import tablib

    from members.resources import CityResource

    rows = "member_number,name,community_type,country,region,member_since,pathway,status\n"
    rows += "1,Ashland,town,US,Oregon,2009-09-21,proclamation,active\n"
    with django_capture_on_commit_callbacks(execute=True):
        CityResource().import_data(tablib.Dataset().load(rows, format="csv"), dry_run=True)
    assert published == []


def test_seeding_the_demo_network_takes_the_snapshot_with_its_history(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--cities", "30", stdout=io.StringIO())
    assert ProgressSnapshot.objects.get(date=timezone.localdate()).members > 0
    assert ProgressSnapshot.objects.filter(backfilled=True).count() > 12
