from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import NetworkGoal, ProgressSnapshot
from .services import progress_snapshot_take


@admin.register(NetworkGoal)
class NetworkGoalAdmin(admin.ModelAdmin):
    list_display = ["title", "target_members", "deadline", "baseline_members", "baseline_date", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(ProgressSnapshot)
class ProgressSnapshotAdmin(admin.ModelAdmin):
    """Snapshots are computed, never typed: read-only, with a way to take today's now."""

    list_display = [
        "date",
        "members",
        "goal_target",
        "countries",
        "new_members_30_days",
        "actual_monthly_rate",
        "required_monthly_rate",
        "verdict",
        "backfilled",
    ]
    list_filter = ["verdict", "backfilled"]
    date_hierarchy = "date"
    actions = ["take_snapshot_now"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_take_snapshot_permission(self, request) -> bool:
        # Taking a snapshot adds one; the add form stays closed (has_add_permission) because none is typed.
        return request.user.has_perm("progress.add_progresssnapshot")

    @admin.action(description=_("Take today's snapshot now"), permissions=["take_snapshot"])
    def take_snapshot_now(self, request, queryset) -> None:
        snapshot = progress_snapshot_take()
        self.message_user(request, _("Snapshot taken: %(snapshot)s") % {"snapshot": snapshot}, messages.SUCCESS)
