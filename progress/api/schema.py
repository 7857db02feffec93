"""What the OpenAPI description of `/api/v1/progress/` says that code cannot: the day, examples. Pages
are described by the paginator."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema_view

from icp_portal.api.schema import answer, list_schema, record_schema

from .serializers import ProgressSnapshotSerializer

SNAPSHOT_EXAMPLE = {
    "date": "2026-11-28",
    "goal": {"target": 1000, "deadline": "2030-12-31"},
    "members": 512,
    "countries": 81,
    "continents": 6,
    "new_members_30_days": 9,
    "new_members_365_days": 64,
    "active_initiatives": 1304,
    "members_by_continent": {"EU": 171, "NA": 140, "AS": 98, "AF": 61, "SA": 30, "OC": 12},
    "members_by_community_type": {"city": 250, "town": 160, "neighbourhood": 52, "village": 30, "county": 20},
    "required_monthly_rate": 11.9,
    "actual_monthly_rate": 5.2,
    "projected_members_at_deadline": 729,
    "projected_goal_date": "2034-06-12",
    "verdict": "behind",
    "backfilled": False,
    "computed_at": "2026-11-28T00:15:02Z",
}

PROGRESS_SCHEMA = extend_schema_view(
    list=list_schema(
        summary=_("Progress toward the goal, day by day"),
        description=_(
            "One snapshot a day, newest first; before the portal took them daily, one per month end rebuilt "
            "from membership dates (`backfilled`). `computed_at` stands in for `updated_at` in an incremental sync."
        ),
        responses=answer(
            ProgressSnapshotSerializer(many=True),
            _("A page of snapshots."),
            _("A page"),
            {"count": 1, "next": None, "previous": None, "results": [SNAPSHOT_EXAMPLE]},
        ),
    ),
    retrieve=record_schema(
        summary=_("The snapshot of one day"),
        parameters=[
            OpenApiParameter(
                "date",
                OpenApiTypes.DATE,
                OpenApiParameter.PATH,
                description=_("The day (ISO 8601)."),
                examples=[OpenApiExample(_("End of 2025"), value="2025-12-31")],
            )
        ],
        responses=answer(ProgressSnapshotSerializer, _("The snapshot."), _("A snapshot"), SNAPSHOT_EXAMPLE),
    ),
)
CURRENT_SCHEMA = record_schema(
    summary=_("Where the network stands: the latest snapshot"),
    responses=answer(ProgressSnapshotSerializer, _("The latest snapshot."), _("The latest snapshot"), SNAPSHOT_EXAMPLE),
)
