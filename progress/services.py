"""Taking progress snapshots: the day's figures in a few SQL aggregates, history rebuilt from membership dates,
and refreshes after membership changes, queued after commit and coalesced."""

import calendar
import logging
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from icp_portal.transactions import on_commit_callbacks_pending
from initiatives.choices import InitiativeStatus
from initiatives.models import Initiative
from members.choices import MembershipStatus
from members.geography import continent_of
from members.models import City

from .milestones import milestone_reached, milestones_passed
from .models import NetworkGoal, ProgressRefreshRequest, ProgressSnapshot
from .projection import project, trailing_monthly_rate
from .selectors import network_goal_current

logger = logging.getLogger(__name__)

# A refresh waits this long on the broker, so that changes committed meanwhile are counted in the same run.
REFRESH_DELAY_SECONDS = 10
# A request older than this whose task never came (its publish was lost) no longer holds back new ones.
REFRESH_REQUEST_STALE_AFTER = timedelta(minutes=15)
# The one row of ProgressRefreshRequest.
REFRESH_REQUEST_ID = 1

# Every figure of a snapshot: all its columns but the key and the day it counts.
SNAPSHOT_FIGURES = [field.name for field in ProgressSnapshot._meta.concrete_fields if field.name not in ("id", "date")]


def _member_on(day: date, prefix: str = "") -> Q:
    """Cities that were members on that day: joined by then, and still active or left only after it.

    A city that is no longer active but has no record of when it left is not counted at all."""
    after_the_day = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return Q(**{f"{prefix}member_since__lte": day}) & (
        Q(**{f"{prefix}status": MembershipStatus.ACTIVE}) | Q(**{f"{prefix}status_changed_at__gte": after_the_day})
    )


def _active_initiatives_on(day: date, *, today: date) -> int:
    members = _member_on(day, prefix="city__")
    if day >= today:
        return Initiative.objects.filter(members, status=InitiativeStatus.ACTIVE).count()
    # The past from dates: begun by then (or undated), and not yet ended.
    running = (
        Q(status__in=[InitiativeStatus.ACTIVE, InitiativeStatus.COMPLETED])
        & (Q(start_date__lte=day) | Q(start_date__isnull=True))
        & (Q(end_date__gte=day) | Q(end_date__isnull=True, status=InitiativeStatus.ACTIVE))
    )
    return Initiative.objects.filter(members & running).count()


def progress_figures(*, day: date, goal: NetworkGoal, today: date | None = None) -> dict[str, Any]:
    """The snapshot's figures as the membership records tell them for that day: two queries."""
    today = today or timezone.localdate()
    year_ago = day - timedelta(days=365)
    member = _member_on(day)
    # One grouped query, at most (countries x community types) rows, folded below; never a row per city.
    groups = (
        City.objects.filter(member_since__lte=day)
        .values("country", "community_type")
        .annotate(
            members=Count("id", filter=member),
            members_year_ago=Count("id", filter=_member_on(year_ago)),
            new_30=Count("id", filter=member & Q(member_since__gt=day - timedelta(days=30))),
            new_365=Count("id", filter=member & Q(member_since__gt=year_ago)),
        )
        .order_by()
    )
    totals = {"members": 0, "members_year_ago": 0, "new_30": 0, "new_365": 0}
    countries: set[str] = set()
    by_continent: dict[str, int] = {}
    by_community_type: dict[str, int] = {}
    for group in groups:
        for figure in totals:
            totals[figure] += group[figure]
        if not group["members"]:
            continue
        country = str(group["country"])
        countries.add(country)
        continent = continent_of(country) or "unknown"
        by_continent[continent] = by_continent.get(continent, 0) + group["members"]
        community_type = group["community_type"]
        by_community_type[community_type] = by_community_type.get(community_type, 0) + group["members"]

    rate = trailing_monthly_rate(members_now=totals["members"], members_a_year_ago=totals["members_year_ago"])
    projection = project(
        members=totals["members"],
        target=goal.target_members,
        deadline=goal.deadline,
        today=day,
        actual_monthly_rate=rate,
    )
    return {
        "goal": goal if goal.pk else None,
        "goal_target": goal.target_members,
        "goal_deadline": goal.deadline,
        "members": totals["members"],
        "countries": len(countries),
        "continents": len([code for code in by_continent if code != "unknown"]),
        "new_members_30_days": totals["new_30"],
        "new_members_365_days": totals["new_365"],
        "active_initiatives": _active_initiatives_on(day, today=today),
        "members_by_continent": dict(sorted(by_continent.items(), key=lambda item: (-item[1], item[0]))),
        "members_by_community_type": dict(sorted(by_community_type.items(), key=lambda item: (-item[1], item[0]))),
        "required_monthly_rate": projection.required_monthly_rate,
        "actual_monthly_rate": projection.actual_monthly_rate,
        "projected_members_at_deadline": projection.projected_at_deadline,
        "projected_goal_date": projection.projected_goal_date,
        "verdict": projection.verdict,
    }


def _upsert(snapshots: list[ProgressSnapshot]) -> None:
    """Insert or update by date in one statement: re-running a day updates its row, never adds a second."""
    ProgressSnapshot.objects.bulk_create(
        snapshots, batch_size=500, update_conflicts=True, unique_fields=["date"], update_fields=SNAPSHOT_FIGURES
    )


def progress_snapshot_take(*, day: date | None = None) -> ProgressSnapshot:
    """Takes (or retakes) the snapshot of a day, today by default. The first ever also rebuilds the history,
    so the chart starts with the first member and not on the day the portal was deployed."""
    today = timezone.localdate()
    day = day or today
    first_ever = not ProgressSnapshot.objects.exists()
    if not ProgressSnapshot.objects.filter(date__lt=day).exists():
        progress_history_rebuild(until=day)
    figures = progress_figures(day=day, goal=network_goal_current(), today=today)
    with transaction.atomic():
        highest_before = ProgressSnapshot.objects.aggregate(highest=Max("members"))["highest"] or 0
        _upsert([ProgressSnapshot(date=day, backfilled=False, **figures)])
        snapshot = ProgressSnapshot.objects.get(date=day)
        # The first snapshot of a new portal finds the network as it is: nothing was reached now.
        if not first_ever:
            for members, is_goal in milestones_passed(
                highest_before=highest_before, members=snapshot.members, goal=figures["goal_target"]
            ):
                milestone_reached.send(sender=ProgressSnapshot, snapshot=snapshot, members=members, is_goal=is_goal)
    return snapshot


def month_ends(first: date, until: date) -> list[date]:
    """The last day of every month from the month of `first` on, before `until`."""
    ends = []
    year, month = first.year, first.month
    while True:
        end = date(year, month, calendar.monthrange(year, month)[1])
        if end >= until:
            return ends
        ends.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@transaction.atomic
def progress_history_rebuild(*, until: date | None = None) -> int:
    """Rebuilds the history before `until` (today by default) from membership dates: one snapshot per month end
    since the first member joined. Days with a snapshot taken at the time keep it. Returns how many were written."""
    today = timezone.localdate()
    until = until or today
    first = City.objects.aggregate(first=Min("member_since"))["first"]
    days = month_ends(first, until) if first else []
    kept = set(ProgressSnapshot.objects.filter(backfilled=False, date__in=days).values_list("date", flat=True))
    days = [day for day in days if day not in kept]
    ProgressSnapshot.objects.filter(backfilled=True, date__lt=until).exclude(date__in=days).delete()
    goal = network_goal_current()
    _upsert(
        [
            ProgressSnapshot(date=day, backfilled=True, **progress_figures(day=day, goal=goal, today=today))
            for day in days
        ]
    )
    return len(days)


def progress_refresh_soon() -> None:
    """Asks for a fresh snapshot once the current transaction commits; call it after any change of membership.

    Coalesced twice: one callback per transaction however many cities it changes, and across transactions
    a single task while a request is pending (see ProgressRefreshRequest). Costs no query inside the caller's
    transaction and never holds its locks."""
    waiting = on_commit_callbacks_pending()
    if any(isinstance(callback, _RefreshOnCommit) and not callback.ran for callback in waiting):
        return  # already asked for in this transaction
    transaction.on_commit(_RefreshOnCommit())


class _RefreshOnCommit:
    """The on-commit callback of progress_refresh_soon, recognisable so a transaction registers it once."""

    ran = False

    def __call__(self) -> None:
        self.ran = True
        _refresh_request()


def _refresh_request() -> None:
    from .tasks import refresh_progress_snapshot

    now = timezone.now()
    pending = Q(requested_at__isnull=True) | Q(requested_at__lt=now - REFRESH_REQUEST_STALE_AFTER)
    claimed = ProgressRefreshRequest.objects.filter(pending, pk=REFRESH_REQUEST_ID).update(requested_at=now)
    if not claimed:
        _, claimed = ProgressRefreshRequest.objects.get_or_create(pk=REFRESH_REQUEST_ID, defaults={"requested_at": now})
    if not claimed:
        return  # a refresh is already on its way and will see this change
    try:
        refresh_progress_snapshot.apply_async(countdown=REFRESH_DELAY_SECONDS)
    except Exception:  # noqa: BLE001 - a change of membership must never fail because the snapshot could not follow
        logger.warning("Progress refresh not queued; the daily snapshot will catch up", exc_info=True)
        ProgressRefreshRequest.objects.filter(pk=REFRESH_REQUEST_ID, requested_at=now).update(requested_at=None)


def progress_refresh_requested_run() -> ProgressSnapshot | None:
    """Takes today's snapshot if a refresh was requested and no other run has claimed it: a burst runs once."""
    claimed = ProgressRefreshRequest.objects.filter(pk=REFRESH_REQUEST_ID, requested_at__isnull=False).update(
        requested_at=None
    )
    if not claimed:
        return None
    try:
        return progress_snapshot_take()
    except Exception:
        # Hand the request back, so the task's retry claims it again.
        ProgressRefreshRequest.objects.filter(pk=REFRESH_REQUEST_ID, requested_at__isnull=True).update(
            requested_at=timezone.now() - REFRESH_REQUEST_STALE_AFTER
        )
        raise


def progress_snapshot_daily() -> ProgressSnapshot:
    """The daily run: today's snapshot, which also answers any refresh still pending."""
    ProgressRefreshRequest.objects.filter(requested_at__isnull=False).update(requested_at=None)
    return progress_snapshot_take()
