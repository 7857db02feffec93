"""Progress toward the goal for partners: `/api/v1/progress/` the history of snapshots, newest day first;
`/api/v1/progress/current/` the latest; `/api/v1/progress/<date>/` one day."""

from django.db.models import F
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from icp_portal.api import ERROR_RESPONSES, NOT_MODIFIED_RESPONSE, SYNC_SCHEMA_PARAMETERS, PartnerAnswersMixin
from progress.filtersets import ProgressSnapshotFilterSet
from progress.models import ProgressSnapshot
from progress.selectors import progress_snapshot_latest

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
DAY_PARAMETER = OpenApiParameter(
    "date",
    OpenApiTypes.DATE,
    OpenApiParameter.PATH,
    description="The day (ISO 8601).",
    examples=[OpenApiExample("End of 2025", value="2025-12-31")],
)


@extend_schema_view(
    list=extend_schema(
        summary="Progress toward the goal, day by day",
        description="One snapshot a day, newest first; before the portal took them daily, one per month end rebuilt "
        "from membership dates (`backfilled`). `computed_at` stands in for `updated_at` in an incremental sync.",
        parameters=[
            OpenApiParameter("since", OpenApiTypes.DATE, description="First day, included (ISO 8601)."),
            OpenApiParameter("until", OpenApiTypes.DATE, description="Last day, included (ISO 8601)."),
            *SYNC_SCHEMA_PARAMETERS,
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                ProgressSnapshotSerializer(many=True),
                description="A page of snapshots.",
                examples=[
                    OpenApiExample(
                        "A page", value={"count": 1, "next": None, "previous": None, "results": [SNAPSHOT_EXAMPLE]}
                    )
                ],
            ),
            **NOT_MODIFIED_RESPONSE,
            **ERROR_RESPONSES,
        },
    ),
    retrieve=extend_schema(
        summary="The snapshot of one day",
        parameters=[DAY_PARAMETER],
        responses={
            (200, "application/json"): OpenApiResponse(
                ProgressSnapshotSerializer,
                description="The snapshot.",
                examples=[OpenApiExample("A snapshot", value=SNAPSHOT_EXAMPLE)],
            ),
            **NOT_MODIFIED_RESPONSE,
            **ERROR_RESPONSES,
        },
    ),
)
class ProgressSnapshotViewSet(PartnerAnswersMixin, viewsets.ReadOnlyModelViewSet):
    """The network's daily figures against its goal, with the projection and the verdict."""

    # computed_at read as updated_at, so the shared incremental sync (updated_since) works here too.
    queryset = ProgressSnapshot.objects.annotate(updated_at=F("computed_at")).order_by("-date")
    serializer_class = ProgressSnapshotSerializer
    filterset_class = ProgressSnapshotFilterSet
    lookup_field = "date"
    lookup_value_regex = r"\d{4}-\d{2}-\d{2}"

    def filter_queryset(self, queryset):
        # The range narrows the history only: one day's snapshot is found whatever else the query string says.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(
        summary="Where the network stands: the latest snapshot",
        responses={
            (200, "application/json"): OpenApiResponse(
                ProgressSnapshotSerializer,
                description="The latest snapshot.",
                examples=[OpenApiExample("The latest snapshot", value=SNAPSHOT_EXAMPLE)],
            ),
            **NOT_MODIFIED_RESPONSE,
            **ERROR_RESPONSES,
        },
    )
    @action(detail=False, pagination_class=None, filter_backends=[])
    def current(self, request: Request, *args, **kwargs) -> Response:  # kwargs: the `format` of `current.json`
        snapshot = progress_snapshot_latest()
        if snapshot is None:
            raise NotFound("No progress snapshot has been taken yet.")
        return Response(self.get_serializer(snapshot).data)
