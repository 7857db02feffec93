"""Arithmetic of the goal: the pace needed, the pace kept, where that pace leads. Pure functions, no database."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

# A month as the projection counts it: a Julian year over twelve, so leap years even out.
DAYS_PER_MONTH = 365.25 / 12


class Verdict(models.TextChoices):
    MET = "met", _("Goal reached")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    MISSED = "missed", _("Deadline passed")


@dataclass(frozen=True)
class Projection:
    """Where the network stands against its goal on one day, and where its recent pace leads."""

    remaining: int
    months_left: float
    # Members a month needed from this day on to reach the target on the deadline; None once it has passed.
    required_monthly_rate: float | None
    actual_monthly_rate: float
    # Members on the deadline at the actual pace; None once the deadline has passed.
    projected_at_deadline: int | None
    # The day the target is reached at the actual pace; None when it is already met or never will be.
    projected_goal_date: date | None
    verdict: str


def months_between(start: date, end: date) -> float:
    return (end - start).days / DAYS_PER_MONTH


def trailing_monthly_rate(*, members_now: int, members_a_year_ago: int) -> float:
    """Net growth a month over the last twelve months: joins less departures, so withdrawals count too."""
    return (members_now - members_a_year_ago) / 12


def project(*, members: int, target: int, deadline: date, today: date, actual_monthly_rate: float) -> Projection:
    remaining = max(0, target - members)
    months_left = max(0.0, months_between(today, deadline))
    deadline_passed = today > deadline
    if remaining == 0:
        required = 0.0
    elif months_left > 0:
        required = remaining / months_left
    else:
        required = None
    projected_at_deadline = None if deadline_passed else int(members + max(0.0, actual_monthly_rate) * months_left)
    projected_goal_date = None
    if remaining and actual_monthly_rate > 0:
        projected_goal_date = today + timedelta(days=round(remaining / actual_monthly_rate * DAYS_PER_MONTH))

    if remaining == 0:
        verdict = Verdict.MET
    elif deadline_passed:
        verdict = Verdict.MISSED
    elif projected_goal_date is not None and projected_goal_date <= deadline:
        verdict = Verdict.ON_TRACK
    else:
        verdict = Verdict.BEHIND
    return Projection(
        remaining=remaining,
        months_left=months_left,
        required_monthly_rate=required,
        actual_monthly_rate=actual_monthly_rate,
        projected_at_deadline=projected_at_deadline,
        projected_goal_date=projected_goal_date,
        verdict=verdict.value,
    )


def required_path_value(*, on: date, baseline: int, baseline_date: date, target: int, deadline: date) -> float:
    """Members the straight path from the baseline to the target calls for on a given day."""
    span = (deadline - baseline_date).days
    if span <= 0:
        return float(target)
    share = min(1.0, max(0.0, (on - baseline_date).days / span))
    return baseline + (target - baseline) * share
