"""Progress toward the goal for partners: `/api/v1/progress/` the history of snapshots, newest day first;
`/api/v1/progress/current/` the latest; `/api/v1/progress/<date>/` one day."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from icp_portal.api.viewsets import PartnerViewSet
from progress.filtersets import ProgressSnapshotFilterSet
from progress.models import ProgressSnapshot
from progress.selectors import progress_snapshot_latest

from .schema import CURRENT_SCHEMA, PROGRESS_SCHEMA
from .serializers import ProgressSnapshotSerializer


@PROGRESS_SCHEMA
class ProgressSnapshotViewSet(PartnerViewSet):
    __doc__ = _("The network's daily figures against its goal, with the projection and the verdict.")

    # computed_at read as updated_at, so the shared incremental sync (updated_since) works here too.
    queryset = ProgressSnapshot.objects.annotate(updated_at=F("computed_at")).order_by("-date")
    serializer_class = ProgressSnapshotSerializer
    filterset_class = ProgressSnapshotFilterSet
    lookup_field = "date"
    lookup_value_regex = r"\d{4}-\d{2}-\d{2}"

    def filter_queryset(self, queryset):
        # The range narrows the history only: one day's snapshot is found whatever else the query string says.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @CURRENT_SCHEMA
    @action(detail=False, pagination_class=None, filter_backends=[])
    def current(self, request: Request, *args, **kwargs) -> Response:  # kwargs: the `format` of `current.json`
        snapshot = progress_snapshot_latest()
        if snapshot is None:
            raise NotFound("No progress snapshot has been taken yet.")
        return Response(self.get_serializer(snapshot).data)
