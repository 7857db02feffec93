"""The progress dashboard: the count against the goal, its history and projection, where growth comes from."""

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from initiatives.selectors import joint_project_figures
from members.choices import CommunityType
from members.geography import Continent
from members.models import City
from reports.selectors import reports_impact

from .chart import progress_chart
from .research import dictionary_csv, research_columns, research_csv, research_year_exists, research_years
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
        "report_impact": reports_impact(timezone.localdate().year),
        "by_continent": _shares(latest.members_by_continent, dict(Continent.choices)) if latest else [],
        "by_community_type": _shares(latest.members_by_community_type, dict(CommunityType.choices)) if latest else [],
    }
    return render(request, "progress/dashboard.html", context)


def research_data(request: HttpRequest) -> HttpResponse:
    """Open data for research partners: the years with published reports or survey results, and what each column of
    their files means."""
    return render(request, "progress/research.html", {"years": research_years(), "columns": research_columns()})


def research_year_csv(request: HttpRequest, year: int) -> HttpResponse:
    if not research_year_exists(year):
        raise Http404("No published report or survey results that year.")
    return _csv(research_csv(year), f"cities-of-peace-impact-{year}.csv")


def research_dictionary_csv(request: HttpRequest) -> HttpResponse:
    return _csv(dictionary_csv(), "cities-of-peace-impact-data-dictionary.csv")


def _csv(text: str, file_name: str) -> HttpResponse:
    return HttpResponse(
        text,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )
