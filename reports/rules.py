"""The one place that says when a city reports, and where a report may move.

A city files one report a year, in a window around its membership anniversary: from WINDOW_OPENS_BEFORE the
anniversary to WINDOW_CLOSES_AFTER it. The report is named by the year of that anniversary. Services, views, forms,
admin and tasks ask these functions; none of them states a rule of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .choices import STANDARD_FIGURES
from .choices import ReportStatus as S

if TYPE_CHECKING:
    from members.models import City

    from .models import Report

WINDOW_OPENS_BEFORE = timedelta(days=60)
WINDOW_CLOSES_AFTER = timedelta(days=90)
# The second reminder goes this long before the window closes.
CLOSING_REMINDER_BEFORE = timedelta(days=14)
# Staff hear of active cities with no accepted report for this many years (and members for at least as long).
SILENT_YEARS = 2
# The first year the portal asked for reports: years before it are held against no city, so staff's first list
# comes once a city could have missed SILENT_YEARS years of them.
FIRST_REPORT_YEAR = 2026


class TransitionRefused(Exception):
    """The report cannot make that move from where it is; the message says why."""


@dataclass(frozen=True)
class ReportWindow:
    year: int
    anniversary: date
    opens: date
    closes: date

    def is_open_on(self, day: date) -> bool:
        return self.opens <= day <= self.closes

    @property
    def closing_reminder_on(self) -> date:
        return self.closes - CLOSING_REMINDER_BEFORE


def anniversary(city: City, year: int) -> date:
    """The day the city's membership turns a year older in `year` (28 February for a 29 February member)."""
    since = city.member_since
    try:
        return since.replace(year=year)
    except ValueError:
        return since.replace(year=year, day=28)


def report_window(city: City, year: int) -> ReportWindow:
    day = anniversary(city, year)
    return ReportWindow(year=year, anniversary=day, opens=day - WINDOW_OPENS_BEFORE, closes=day + WINDOW_CLOSES_AFTER)


def open_window(city: City, today: date) -> ReportWindow | None:
    """The window the city may report in today, if any: windows are 150 days of each year, so at most one is open.
    A city reports from its first anniversary on."""
    for year in (today.year - 1, today.year, today.year + 1):
        window = report_window(city, year)
        if year > city.member_since.year and window.is_open_on(today):
            return window
    return None


def next_window(city: City, today: date) -> ReportWindow:
    """The window open today, else the next one to open."""
    window = open_window(city, today)
    if window is not None:
        return window
    for year in range(max(today.year, city.member_since.year + 1), today.year + 3):
        window = report_window(city, year)
        if window.opens > today:
            return window
    return report_window(city, today.year + 2)


# Where a report may move.

COORDINATOR_MOVES: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED},
    S.CHANGES_REQUESTED: {S.RESUBMITTED},
}
STAFF_MOVES: dict[str, set[str]] = {
    S.SUBMITTED: {S.CHANGES_REQUESTED, S.ACCEPTED},
    S.RESUBMITTED: {S.CHANGES_REQUESTED, S.ACCEPTED},
}
# Waiting for staff: the admin's queue.
AWAITING_REVIEW = (S.SUBMITTED, S.RESUBMITTED)
# The coordinators may still change what they wrote.
EDITABLE = (S.DRAFT, S.CHANGES_REQUESTED)
# Counted as filed by the impact figures: everything sent to ICP.
FILED = (S.SUBMITTED, S.CHANGES_REQUESTED, S.RESUBMITTED, S.ACCEPTED)

# What a report must answer before it goes to ICP (a draft may leave any of it empty).
REQUIRED_ANSWERS = ("activities", *STANDARD_FIGURES, "story", "plans")


def is_editable(report: Report) -> bool:
    return report.status in EDITABLE


def is_published(report: Report) -> bool:
    return report.status == S.ACCEPTED


def awaits_review(report: Report) -> bool:
    return report.status in AWAITING_REVIEW


def may_start(city: City, year: int, today: date) -> bool:
    """A new report: for an active city, in the year whose window is open."""
    window = open_window(city, today)
    return city.is_active and window is not None and window.year == year


def may_be_sent(report: Report, today: date) -> bool:
    """A draft of an active city goes to ICP while its window is open; an answer to a request for changes at any
    time."""
    if report.status == S.CHANGES_REQUESTED:
        return True
    window = open_window(report.city, today)
    return report.status == S.DRAFT and report.city.is_active and window is not None and window.year == report.year


def sent_status(report: Report) -> str:
    """What a report becomes when its coordinators send it."""
    return S.RESUBMITTED if report.status == S.CHANGES_REQUESTED else S.SUBMITTED


def staff_may_move(report: Report, to_status: str) -> bool:
    return to_status in STAFF_MOVES.get(report.status, set())
