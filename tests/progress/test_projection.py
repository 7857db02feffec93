"""The goal's arithmetic on cases checked by hand: a month is 365.25 / 12 days, so 2025-01-01 to 2029-01-01
(1461 days) is exactly 48 months."""

from datetime import date

import pytest

from progress.projection import Verdict, months_between, project, required_path_value, trailing_monthly_rate

TODAY = date(2025, 1, 1)
DEADLINE = date(2029, 1, 1)


def test_four_years_are_forty_eight_months():
    assert months_between(TODAY, DEADLINE) == 48


def test_ahead_the_pace_reaches_the_goal_before_the_deadline():
    # 500 to go in 48 months: 10.42 a month needed; 12 a month kept reaches 500 more in 41.67 months
    result = project(members=500, target=1000, deadline=DEADLINE, today=TODAY, actual_monthly_rate=12)
    assert result.remaining == 500
    assert result.required_monthly_rate == pytest.approx(10.4167, abs=1e-4)
    assert result.projected_at_deadline == 1076  # 500 + 12 x 48
    assert result.projected_goal_date == date(2028, 6, 22)  # 41.67 months = 1268 days
    assert result.verdict == Verdict.ON_TRACK


def test_behind_the_pace_falls_short_on_the_deadline():
    # 6 a month: 500 + 6 x 48 = 788 on the deadline; 500 more take 83.33 months = 2536 days
    result = project(members=500, target=1000, deadline=DEADLINE, today=TODAY, actual_monthly_rate=6)
    assert result.required_monthly_rate == pytest.approx(10.4167, abs=1e-4)
    assert result.projected_at_deadline == 788
    assert result.projected_goal_date == date(2031, 12, 12)
    assert result.verdict == Verdict.BEHIND


def test_goal_already_met_needs_nothing_more():
    result = project(members=1003, target=1000, deadline=DEADLINE, today=TODAY, actual_monthly_rate=2)
    assert (result.remaining, result.required_monthly_rate) == (0, 0)
    assert result.projected_at_deadline == 1099  # 1003 + 2 x 48
    assert result.projected_goal_date is None
    assert result.verdict == Verdict.MET


def test_deadline_passed_short_of_the_goal_is_missed():
    result = project(members=900, target=1000, deadline=DEADLINE, today=date(2029, 2, 1), actual_monthly_rate=5)
    assert result.remaining == 100
    assert result.months_left == 0
    assert result.required_monthly_rate is None
    assert result.projected_at_deadline is None
    assert result.projected_goal_date == date(2030, 10, 3)  # 100 at 5 a month: 20 months = 609 days, too late
    assert result.verdict == Verdict.MISSED


def test_deadline_passed_with_the_goal_met_is_met():
    result = project(members=1000, target=1000, deadline=DEADLINE, today=date(2030, 1, 1), actual_monthly_rate=0)
    assert result.verdict == Verdict.MET


def test_no_members_yet_is_behind_and_never_arrives_at_no_pace():
    result = project(members=0, target=1000, deadline=DEADLINE, today=TODAY, actual_monthly_rate=0)
    assert result.required_monthly_rate == pytest.approx(20.8333, abs=1e-4)  # 1000 / 48
    assert result.projected_at_deadline == 0
    assert result.projected_goal_date is None
    assert result.verdict == Verdict.BEHIND


def test_a_shrinking_network_projects_no_growth():
    result = project(members=500, target=1000, deadline=DEADLINE, today=TODAY, actual_monthly_rate=-1.5)
    assert result.projected_at_deadline == 500
    assert result.projected_goal_date is None
    assert result.verdict == Verdict.BEHIND


def test_trailing_rate_is_net_growth_over_twelve_months():
    assert trailing_monthly_rate(members_now=457, members_a_year_ago=397) == 5
    assert trailing_monthly_rate(members_now=10, members_a_year_ago=16) == -0.5


def test_required_path_runs_straight_from_baseline_to_target():
    path = {"baseline": 400, "baseline_date": TODAY, "target": 1000, "deadline": DEADLINE}
    assert required_path_value(on=TODAY, **path) == 400
    assert required_path_value(on=date(2027, 1, 1), **path) == pytest.approx(400 + 600 * 730 / 1461)
    assert required_path_value(on=DEADLINE, **path) == 1000
    assert required_path_value(on=date(2031, 1, 1), **path) == 1000
