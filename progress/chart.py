"""Geometry of the progress chart, drawn as SVG by the template: members over time, the path the goal calls
for and where the recent pace leads. Pure Python, so the page needs no script and prints as it shows."""

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import number_format

from .models import NetworkGoal, ProgressSnapshot
from .projection import required_path_value

WIDTH = 720
HEIGHT = 360
MARGIN_LEFT = 56
MARGIN_RIGHT = 16
MARGIN_TOP = 16
MARGIN_BOTTOM = 36


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class TableRow:
    """One line of the chart's data table: the last snapshot of a year, the path's figure on that day."""

    day: date
    members: int | None
    required: int | None
    projected: int | None = None


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = MARGIN_LEFT
    right: int = WIDTH - MARGIN_RIGHT
    top: int = MARGIN_TOP
    bottom: int = HEIGHT - MARGIN_BOTTOM
    members_points: str = ""
    required_points: str = ""
    projection_points: str = ""
    goal_y: float = 0.0
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)


def nice_step(span: float, steps: int = 5) -> int:
    """A round step (1, 2 or 5 times a power of ten) that cuts the span into about that many parts."""
    raw = max(span / steps, 1)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw))


def progress_chart(*, history: list[tuple[date, int]], goal: NetworkGoal, latest: ProgressSnapshot | None) -> Chart:
    chart = Chart()
    first_day = min([day for day, _ in history[:1]] + [goal.baseline_date])
    start = date(first_day.year, 1, 1)
    end = max(goal.deadline, history[-1][0] if history else goal.deadline)
    projected = latest.projected_members_at_deadline if latest else None
    highest = max([goal.target_members, projected or 0] + [members for _, members in history])
    step = nice_step(highest)
    top_value = step * math.ceil(highest * 1.05 / step)
    days_span = max(1, (end - start).days)

    def x(day: date) -> float:
        return round(chart.left + (chart.right - chart.left) * (day - start).days / days_span, 1)

    def y(value: float) -> float:
        return round(chart.bottom - (chart.bottom - chart.top) * value / top_value, 1)

    chart.members_points = " ".join(f"{x(day)},{y(members)}" for day, members in history)
    chart.required_points = (
        f"{x(goal.baseline_date)},{y(goal.baseline_members)} {x(goal.deadline)},{y(goal.target_members)}"
    )
    if latest and projected is not None:
        chart.projection_points = f"{x(latest.date)},{y(latest.members)} {x(goal.deadline)},{y(projected)}"
    chart.goal_y = y(goal.target_members)
    year_step = max(1, math.ceil((end.year - start.year + 1) / 8))
    chart.x_ticks = [Tick(x(date(year, 1, 1)), str(year)) for year in range(start.year, end.year + 1, year_step)]
    chart.y_ticks = [
        Tick(y(value), number_format(value, force_grouping=True)) for value in range(0, top_value + 1, step)
    ]
    chart.rows = _table_rows(history, goal, latest)
    return chart


def _table_rows(history: list[tuple[date, int]], goal: NetworkGoal, latest: ProgressSnapshot | None) -> list[TableRow]:
    """The last snapshot of each year and the latest one, then the deadline with the path and the projection."""
    last_of_year: dict[int, tuple[date, int]] = {}
    for day, members in history:
        last_of_year[day.year] = (day, members)

    def required(day: date) -> int | None:
        if day < goal.baseline_date:
            return None
        return round(
            required_path_value(
                on=day,
                baseline=goal.baseline_members,
                baseline_date=goal.baseline_date,
                target=goal.target_members,
                deadline=goal.deadline,
            )
        )

    rows = [TableRow(day, members, required(day)) for day, members in last_of_year.values()]
    if latest and goal.deadline > latest.date:
        rows.append(TableRow(goal.deadline, None, goal.target_members, latest.projected_members_at_deadline))
    return rows
