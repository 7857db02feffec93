"""The reusable filters of progress/querysets.py."""

from datetime import date

import pytest

from progress.models import NetworkGoal
from progress.selectors import network_goal_current

pytestmark = pytest.mark.django_db


def goal(title: str, **fields) -> NetworkGoal:
    return NetworkGoal.objects.create(
        title=title,
        target_members=1000,
        deadline=date(2030, 12, 31),
        baseline_members=300,
        baseline_date=date(2024, 1, 1),
        **fields,
    )


def test_a_retired_goal_is_not_active_and_the_newest_active_one_is_current():
    kept = goal("Kept")
    retired = goal("Retired", is_active=False)
    assert kept in NetworkGoal.objects.active() and retired not in NetworkGoal.objects.active()
    assert network_goal_current() == kept
