"""Reads of the goal and the snapshots that the pages, the home headline and the API share."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Subquery

from members.models import City

from .models import NetworkGoal, ProgressSnapshot
from .projection import Verdict


def network_goal_current() -> NetworkGoal:
    """The newest active goal; ICP's published goal (unsaved) while staff have recorded none."""
    return NetworkGoal.objects.active().order_by("-created_at", "-id").first() or NetworkGoal.default()


def network_goal_and_verdict() -> tuple[NetworkGoal, str | None]:
    """The current goal and the verdict of the latest snapshot, in one query while a goal is recorded."""
    latest_verdict = ProgressSnapshot.objects.order_by("-date").values("verdict")[:1]
    goal = (
        NetworkGoal.objects.active()
        .annotate(latest_verdict=Subquery(latest_verdict))
        .order_by("-created_at", "-id")
        .first()
    )
    if goal:
        return goal, goal.latest_verdict
    latest = progress_snapshot_latest()
    return NetworkGoal.default(), latest.verdict if latest else None


def progress_snapshot_latest() -> ProgressSnapshot | None:
    return ProgressSnapshot.objects.order_by("-date").first()


def progress_history() -> list[tuple[date, int]]:
    """(day, active members) of every snapshot, oldest first: the line of the chart."""
    return list(ProgressSnapshot.objects.order_by("date").values_list("date", "members"))


@dataclass(frozen=True)
class NetworkHeadline:
    """The network at a glance: how many active members, where, and how far from the goal."""

    member_count: int
    country_count: int
    goal: int
    goal_year: int
    newest_members: list[City]
    # From the latest progress snapshot: on track, behind, met or missed; None before the first snapshot.
    verdict: str | None = None

    @property
    def verdict_label(self) -> str:
        return Verdict(self.verdict).label if self.verdict else ""

    @property
    def percent_of_goal(self) -> int:
        return min(100, round(100 * self.member_count / self.goal)) if self.goal else 100

    @property
    def still_to_join(self) -> int:
        return max(0, self.goal - self.member_count)


def network_headline(newest: int = 6) -> NetworkHeadline:
    # one query for both counts, one for the goal with the latest snapshot's verdict, one for the newest members
    counts = City.objects.active().aggregate(members=Count("id"), countries=Count("country", distinct=True))
    goal, verdict = network_goal_and_verdict()
    return NetworkHeadline(
        member_count=counts["members"],
        country_count=counts["countries"],
        goal=goal.target_members,
        goal_year=goal.deadline.year,
        newest_members=list(City.objects.newest_members(newest)),
        verdict=verdict,
    )
