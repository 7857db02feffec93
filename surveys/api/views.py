"""Survey results for partners: `/api/v1/surveys/` (JSON, CSV) and `/api/v1/surveys/<id>/`, only surveys with at
least RESULTS_FLOOR answers, only in aggregate."""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from icp_portal.api.renderers import CSVRenderer, ORJSONRenderer
from icp_portal.api.viewsets import PartnerViewSet

from ..filtersets import SurveyFilterSet
from ..models import Survey
from ..selectors import surveys_results
from .schema import SURVEY_SCHEMA
from .serializers import SurveyResultsSerializer, csv_lines

PAGE_PARAMETERS = ("page", "page_size", "updated_since")
ID_PATTERN = re.compile(r"[0-9]{1,9}")


@SURVEY_SCHEMA
class SurveyViewSet(PartnerViewSet):
    __doc__ = _("Community survey results of member cities, in aggregate.")

    queryset = Survey.objects.with_results().select_related("city").order_by("-year", "city__name", "id")
    serializer_class = SurveyResultsSerializer
    filterset_class = SurveyFilterSet
    renderer_classes = [ORJSONRenderer, CSVRenderer]

    def get_renderers(self):
        if self.action == "retrieve":
            return [ORJSONRenderer()]
        return super().get_renderers()

    def list(self, request, *args, **kwargs):
        surveys = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == "csv" and not any(
            name in request.query_params for name in PAGE_PARAMETERS
        ):
            response = Response("".join(csv_lines(surveys_results(surveys).values())))
            response["Content-Disposition"] = 'attachment; filename="community-surveys.csv"'
            return response
        page = self.paginate_queryset(surveys)
        results = list(surveys_results(page).values())
        if request.accepted_renderer.format == "csv":
            return Response("".join(csv_lines(results)), headers=self.paginator.headers())
        return self.get_paginated_response(self.get_serializer(results, many=True).data)

    def retrieve(self, request, *args, pk: str = "", **kwargs):
        # ASCII digits only: str.isdigit() also says yes to "²", which the database cannot compare with an id.
        survey = self.get_queryset().filter(pk=pk).first() if ID_PATTERN.fullmatch(pk) else None
        if survey is None:
            raise NotFound(f"No survey with results has the id {pk!r}.")
        return Response(self.get_serializer(surveys_results([survey])[survey.pk]).data)
