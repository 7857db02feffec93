"""Reads of the goal and the snapshots that the pages, the home headline and the API share."""

from datetime import date

from django.db.models import Subquery

from .models import NetworkGoal, ProgressSnapshot


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
