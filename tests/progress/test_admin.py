"""Staff edit the goal in admin and read the snapshots there."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import NetworkGoal, ProgressSnapshot
from progress.services import progress_snapshot_take
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_staff_move_the_goal_date_and_the_next_snapshot_counts_against_it(
    staff_client, django_capture_on_commit_callbacks
):
    goal = NetworkGoal.objects.get()
    form = {
        "title": "1000 Cities of Peace by 2032",
        "target_members": 1000,
        "deadline": "2032-12-31",
        "baseline_members": 457,
        "baseline_date": "2025-12-31",
        "is_active": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:progress_networkgoal_change", args=[goal.pk]), form)
    assert response.status_code == 302
    # the change of goal refreshed today's snapshot
    assert ProgressSnapshot.objects.get(date=timezone.localdate()).goal_deadline == date(2032, 12, 31)


def test_a_deadline_before_the_baseline_is_refused(staff_client):
    form = {
        "title": "Backwards",
        "target_members": 1000,
        "deadline": "2020-01-01",
        "baseline_members": 457,
        "baseline_date": "2025-12-31",
        "is_active": "on",
    }
    response = staff_client.post(reverse("admin:progress_networkgoal_add"), form)
    assert response.status_code == 200
    assert "The deadline must come after the baseline date." in response.content.decode()


def test_snapshots_are_listed_read_only_and_taken_again_on_demand(staff_client):
    CityFactory()
    snapshot = progress_snapshot_take()
    CityFactory()
    assert staff_client.get(reverse("admin:progress_progresssnapshot_changelist")).status_code == 200
    assert staff_client.get(reverse("admin:progress_progresssnapshot_add")).status_code == 403
    response = staff_client.post(
        reverse("admin:progress_progresssnapshot_changelist"),
        {"action": "take_snapshot_now", "_selected_action": [snapshot.pk]},
        follow=True,
    )
    assert "Snapshot taken" in response.content.decode()
    assert ProgressSnapshot.objects.get(date=timezone.localdate()).members == 2
