from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .projection import Verdict
from .querysets import NetworkGoalQuerySet

# The goal ICP set itself, used until staff record one (and by the data migration that records it first):
# 457 Cities of Peace at the end of 2025, 1000 by the end of 2030.
DEFAULT_GOAL_TARGET = 1000
DEFAULT_GOAL_DEADLINE = date(2030, 12, 31)
DEFAULT_GOAL_BASELINE = 457
DEFAULT_GOAL_BASELINE_DATE = date(2025, 12, 31)


class NetworkGoal(models.Model):
    """A growth goal of the network: so many member cities by a deadline, counted from a baseline.

    The current goal is the newest active one; earlier goals stay for the record."""

    title = models.CharField(_("title"), max_length=200)
    target_members = models.PositiveIntegerField(_("target: member cities"))
    deadline = models.DateField(_("deadline"))
    baseline_members = models.PositiveIntegerField(_("baseline: member cities"))
    baseline_date = models.DateField(_("baseline date"), help_text=_("The day the baseline was counted."))
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("The newest active goal is the current one.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NetworkGoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("network goal")
        verbose_name_plural = _("network goals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_members__gte=1),
                name="goal_target_positive",
                violation_error_message=_("The target must be at least one member city."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("baseline_date")),
                name="goal_deadline_after_baseline",
                violation_error_message=_("The deadline must come after the baseline date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def default(cls) -> "NetworkGoal":
        """The goal ICP published, unsaved: what the portal counts against while no goal is recorded."""
        return cls(
            title="1000 Cities of Peace by 2030",
            target_members=DEFAULT_GOAL_TARGET,
            deadline=DEFAULT_GOAL_DEADLINE,
            baseline_members=DEFAULT_GOAL_BASELINE,
            baseline_date=DEFAULT_GOAL_BASELINE_DATE,
        )


class ProgressSnapshot(models.Model):
    """The network's figures on one day, against the goal then current: one row a day.

    Taken daily by Celery beat and refreshed after membership changes; the history before the first
    daily run is rebuilt from membership dates (`backfilled`)."""

    date = models.DateField(_("date"), unique=True)
    goal = models.ForeignKey(NetworkGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="snapshots")
    # The goal as it stood that day, so history keeps its meaning when staff change the goal.
    goal_target = models.PositiveIntegerField(_("target"))
    goal_deadline = models.DateField(_("deadline"))
    members = models.PositiveIntegerField(_("active member cities"))
    countries = models.PositiveIntegerField(_("countries"))
    continents = models.PositiveSmallIntegerField(_("continents"))
    new_members_30_days = models.PositiveIntegerField(_("new members in the last 30 days"))
    new_members_365_days = models.PositiveIntegerField(_("new members in the last 365 days"))
    active_initiatives = models.PositiveIntegerField(_("active initiatives"))
    members_by_continent = models.JSONField(_("members by continent"), default=dict)
    members_by_community_type = models.JSONField(_("members by community type"), default=dict)
    required_monthly_rate = models.FloatField(_("members a month needed"), null=True, blank=True)
    actual_monthly_rate = models.FloatField(_("net members a month, last 12 months"))
    projected_members_at_deadline = models.PositiveIntegerField(_("projected at the deadline"), null=True, blank=True)
    projected_goal_date = models.DateField(_("projected date the goal is reached"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    backfilled = models.BooleanField(_("rebuilt from membership dates"), default=False)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("progress snapshot")
        verbose_name_plural = _("progress snapshots")
        ordering = ["-date"]
        get_latest_by = "date"

    def __str__(self) -> str:
        return f"{self.date}: {self.members} / {self.goal_target}"

    # The verdict as the progress page asks it, so templates compare no raw values.
    @property
    def goal_met(self) -> bool:
        return self.verdict == Verdict.MET

    @property
    def deadline_missed(self) -> bool:
        return self.verdict == Verdict.MISSED

    @property
    def on_track(self) -> bool:
        return self.verdict == Verdict.ON_TRACK


class ProgressRefreshRequest(models.Model):
    """One row: when set, a membership change asked for a fresh snapshot and a task is on its way.

    Changes that find it set queue nothing more; the task claims it with a conditional UPDATE, so a
    burst of changes (a bulk import) is counted once."""

    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("progress refresh request")
        verbose_name_plural = _("progress refresh requests")

    def __str__(self) -> str:
        return f"refresh requested at {self.requested_at}" if self.requested_at else "no refresh requested"
