"""The progress dashboard: the count against the goal, its history and projection, where growth comes from."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from initiatives.selectors import joint_project_figures
from members.choices import CommunityType
from members.geography import Continent
from members.models import City

from .chart import progress_chart
from .selectors import network_goal_current, progress_history, progress_snapshot_latest


@dataclass(frozen=True)
class Share:
    label: str
    members: int
    percent: int


def _shares(counts: dict[str, int], labels: dict[str, str]) -> list[Share]:
    total = sum(counts.values()) or 1
    return [Share(labels.get(code, code), members, round(100 * members / total)) for code, members in counts.items()]


def progress_dashboard(request: HttpRequest) -> HttpResponse:
    # one query each: the latest snapshot, the history, the goal, the newest members
    latest = progress_snapshot_latest()
    history = progress_history()
    goal = network_goal_current()
    context = {
        "latest": latest,
        "goal": goal,
        "chart": progress_chart(history=history, goal=goal, latest=latest),
        "newest_members": list(City.objects.newest_members(6)),
        "joint_projects": joint_project_figures(),
        "by_continent": _shares(latest.members_by_continent, dict(Continent.choices)) if latest else [],
        "by_community_type": _shares(latest.members_by_community_type, dict(CommunityType.choices)) if latest else [],
    }
    return render(request, "progress/dashboard.html", context)
