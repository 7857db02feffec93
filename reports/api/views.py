"""Published yearly reports for partners: `/api/v1/reports/` (JSON, CSV) and `/api/v1/reports/<id>/`."""

import csv
import io

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework.response import Response

from icp_portal.api.renderers import CSVRenderer, ORJSONRenderer
from icp_portal.api.viewsets import PartnerViewSet
from icp_portal.spreadsheets import formula_safe

from ..choices import STANDARD_FIGURES
from ..filtersets import ReportFilterSet
from ..models import Report
from .schema import REPORT_SCHEMA
from .serializers import ReportSerializer

PAGE_PARAMETERS = ("page", "page_size", "updated_since")
CSV_COLUMNS = ["id", "city", "city_name", "country", "year", *STANDARD_FIGURES]
CSV_TEXT_COLUMNS = ["activities", "indicators", "story", "plans", "web_url", "published_at"]


@REPORT_SCHEMA
class ReportViewSet(PartnerViewSet):
    __doc__ = _("Accepted reports only: a draft, or one ICP has not reviewed, is the city's own until then.")

    queryset = (
        Report.objects.published()
        .select_related("city")
        .prefetch_related("indicators", "photos", Prefetch("initiatives"))
        .order_by("-year", "city__name", "id")
    )
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    renderer_classes = [ORJSONRenderer, CSVRenderer]
    lookup_value_regex = "[0-9]{1,10}"

    def get_renderers(self):
        if self.action == "retrieve":
            return [ORJSONRenderer()]
        return super().get_renderers()

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "csv":
            return super().list(request, *args, **kwargs)
        reports = self.filter_queryset(self.get_queryset())
        if any(name in request.query_params for name in PAGE_PARAMETERS):
            reports = self.paginate_queryset(reports)
            headers = self.paginator.headers()
        else:
            headers = {}
        headers["Content-Disposition"] = 'attachment; filename="yearly-reports.csv"'
        return Response(self._csv(reports), headers=headers)

    def _csv(self, reports) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS + CSV_TEXT_COLUMNS)
        for report in reports:
            indicators = "; ".join(indicator.as_text() for indicator in report.indicators.all())
            figures = [getattr(report, name) for name in STANDARD_FIGURES]
            texts = [report.activities, indicators, report.story, report.plans]
            writer.writerow(
                [report.pk, report.city.slug, formula_safe(report.city.name), report.city.country.code, report.year]
                + ["" if value is None else value for value in figures]
                + [formula_safe(text) for text in texts]
                + [self.request.build_absolute_uri(report.get_absolute_url()), report.accepted_at.isoformat()]
            )
        return buffer.getvalue()
