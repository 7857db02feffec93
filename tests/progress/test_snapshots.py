"""Snapshots: the figures of a day in SQL aggregates, taken again the same day without a second row, and the
history rebuilt from membership dates."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from initiatives.choices import InitiativeStatus
from members.choices import CommunityType, MembershipStatus
from progress.models import NetworkGoal, ProgressSnapshot
from progress.projection import Verdict
from progress.selectors import network_goal_current
from progress.services import month_ends, progress_figures, progress_history_rebuild, progress_snapshot_take
from tests.factories import CityFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)


@pytest.fixture
def network():
    """Five communities on three continents; one withdrew in 2024, one without a record of when it left."""
    ashland = CityFactory(name="Ashland", country="US", member_since=date(2010, 5, 1))
    CityFactory(
        name="Kisumu", country="KE", region="", community_type=CommunityType.COUNTY, member_since=date(2026, 6, 20)
    )
    CityFactory(name="Lyon", country="FR", region="", community_type=CommunityType.TOWN, member_since=date(2025, 9, 1))
    CityFactory(
        name="Gone Town",
        country="FR",
        region="",
        member_since=date(2012, 1, 1),
        status=MembershipStatus.WITHDRAWN,
        status_changed_at=datetime(2024, 3, 1, 12, tzinfo=UTC),
    )
    CityFactory(name="Quiet Village", country="DE", region="", member_since=date(2013, 1, 1), status="inactive")
    InitiativeFactory(city=ashland, status=InitiativeStatus.ACTIVE, start_date=date(2019, 3, 1))
    InitiativeFactory(
        city=ashland, status=InitiativeStatus.COMPLETED, start_date=date(2011, 1, 1), end_date=date(2020, 1, 1)
    )
    InitiativeFactory(city=ashland, status=InitiativeStatus.PLANNED, start_date=None)
    return ashland


def test_figures_of_today_count_active_members_where_they_are(network):
    figures = progress_figures(day=TODAY, goal=NetworkGoal.default(), today=TODAY)
    assert figures["members"] == 3  # Ashland, Kisumu, Lyon
    assert (figures["countries"], figures["continents"]) == (3, 3)
    assert figures["members_by_continent"] == {"AF": 1, "EU": 1, "NA": 1}
    assert figures["members_by_community_type"] == {"city": 1, "county": 1, "town": 1}
    assert figures["new_members_30_days"] == 1  # Kisumu
    assert figures["new_members_365_days"] == 2  # Kisumu, Lyon
    assert figures["active_initiatives"] == 1
    # a year earlier only Ashland was a member (Gone Town had withdrawn, Lyon not yet joined): 2 more in 12 months
    assert figures["actual_monthly_rate"] == pytest.approx((3 - 1) / 12)
    assert figures["verdict"] == Verdict.BEHIND
    assert figures["goal_target"] == 1000 and figures["goal_deadline"] == date(2030, 12, 31)


def test_figures_of_a_past_day_count_who_was_a_member_then(network):
    figures = progress_figures(day=date(2020, 6, 30), goal=NetworkGoal.default(), today=TODAY)
    # Ashland, and Gone Town which withdrew only in 2024; Quiet Village left without a date and is not counted
    assert figures["members"] == 2
    assert figures["members_by_continent"] == {"EU": 1, "NA": 1}
    # the youth circle had begun; the completed one ended in January 2020; the planned one never counts
    assert figures["active_initiatives"] == 1
    assert progress_figures(day=date(2011, 6, 30), goal=NetworkGoal.default(), today=TODAY)["active_initiatives"] == 1


def test_figures_take_two_queries(network, django_assert_num_queries):
    # one grouped query for the cities, one count of initiatives
    with django_assert_num_queries(2):
        progress_figures(day=TODAY, goal=NetworkGoal.default(), today=TODAY)


def test_taking_the_snapshot_twice_the_same_day_updates_its_row(network):
    today = timezone.localdate()
    first = progress_snapshot_take()
    CityFactory(name="Hiroshima", country="JP", region="", member_since=today)
    second = progress_snapshot_take()
    assert ProgressSnapshot.objects.filter(date=today).count() == 1
    assert (first.pk, first.members, second.members) == (second.pk, 3, 4)
    assert second.backfilled is False
    assert second.members_by_continent["AS"] == 1


def test_the_first_snapshot_rebuilds_the_history_from_membership_dates(network):
    today = timezone.localdate()
    progress_snapshot_take()
    history = list(ProgressSnapshot.objects.order_by("date").values_list("date", "members", "backfilled"))
    assert history[0] == (date(2010, 5, 31), 1, True)  # the month Ashland joined
    assert history[-1][0] == today and history[-1][2] is False
    assert len(history) == len(month_ends(date(2010, 5, 1), today)) + 1
    by_day = {day: members for day, members, _ in history}
    assert by_day[date(2012, 1, 31)] == 2  # Gone Town joined
    assert by_day[date(2024, 2, 29)] == 2 and by_day[date(2024, 3, 31)] == 1  # and withdrew in March 2024


def test_backfill_keeps_snapshots_taken_at_the_time_and_replaces_its_own(network):
    kept = ProgressSnapshot.objects.create(
        date=date(2015, 1, 31),
        goal_target=1000,
        goal_deadline=date(2030, 12, 31),
        members=99,
        countries=1,
        continents=1,
        new_members_30_days=0,
        new_members_365_days=0,
        active_initiatives=0,
        actual_monthly_rate=0,
        verdict=Verdict.BEHIND,
    )
    written = progress_history_rebuild()
    again = progress_history_rebuild()
    assert written == again == ProgressSnapshot.objects.filter(backfilled=True).count()
    kept.refresh_from_db()
    assert kept.members == 99 and kept.backfilled is False


def test_the_command_backfills_then_takes_today(network, capsys):
    call_command("snapshot_progress", "--backfill")
    output = capsys.readouterr().out
    assert "month-end snapshots" in output
    assert f"Snapshot {timezone.localdate()}: 3 / 1000" in output
    assert ProgressSnapshot.objects.filter(backfilled=True).exists()


def test_an_empty_network_has_a_snapshot_too():
    snapshot = progress_snapshot_take()
    assert (snapshot.members, snapshot.countries, snapshot.verdict) == (0, 0, Verdict.BEHIND)
    assert snapshot.projected_goal_date is None
    assert ProgressSnapshot.objects.count() == 1


def test_the_goal_staff_record_is_the_one_counted_against():
    assert network_goal_current().target_members == 1000  # recorded by the data migration
    NetworkGoal.objects.create(
        title="1200 by 2031",
        target_members=1200,
        deadline=date(2031, 12, 31),
        baseline_members=457,
        baseline_date=date(2025, 12, 31),
    )
    snapshot = progress_snapshot_take()
    assert (snapshot.goal_target, snapshot.goal_deadline) == (1200, date(2031, 12, 31))
    assert snapshot.goal.title == "1200 by 2031"


def test_without_any_goal_recorded_the_published_goal_counts():
    NetworkGoal.objects.all().delete()
    goal = network_goal_current()
    assert (goal.pk, goal.target_members, goal.deadline) == (None, 1000, date(2030, 12, 31))
    assert progress_snapshot_take().goal is None


def test_month_ends_stop_before_the_day():
    assert month_ends(date(2024, 1, 15), date(2024, 3, 31)) == [date(2024, 1, 31), date(2024, 2, 29)]
    assert month_ends(date(2024, 1, 15), date(2024, 1, 31)) == []
    assert month_ends(date(2023, 12, 1), date(2024, 1, 1)) == [date(2023, 12, 31)]
    assert len(month_ends(date(2009, 1, 1), date(2009, 1, 1) + timedelta(days=365))) == 12
