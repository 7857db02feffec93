from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from progress.models import ProgressSnapshot


class ProgressGoalSerializer(serializers.Serializer):
    __doc__ = _("The goal a snapshot was counted against, as it stood that day.")

    target = serializers.IntegerField(source="goal_target")
    deadline = serializers.DateField(source="goal_deadline")


class ProgressSnapshotSerializer(serializers.ModelSerializer):
    goal = ProgressGoalSerializer(source="*", read_only=True)
    members_by_continent = serializers.DictField(child=serializers.IntegerField())
    members_by_community_type = serializers.DictField(child=serializers.IntegerField())

    class Meta:
        model = ProgressSnapshot
        fields = [
            "date",
            "goal",
            "members",
            "countries",
            "continents",
            "new_members_30_days",
            "new_members_365_days",
            "active_initiatives",
            "members_by_continent",
            "members_by_community_type",
            "required_monthly_rate",
            "actual_monthly_rate",
            "projected_members_at_deadline",
            "projected_goal_date",
            "verdict",
            "backfilled",
            "computed_at",
        ]
        read_only_fields = fields
