"""The partner API's routes: `/api/v1/` (the collections of every app), `/api/schema/` and `/api/docs/`."""

from django.urls import include, path, re_path
from rest_framework.decorators import api_view, renderer_classes, schema
from rest_framework.exceptions import NotFound

from initiatives.api.joint_projects import JointProjectViewSet
from initiatives.api.views import InitiativeViewSet
from members.api.views import CityViewSet
from proclamations.api.views import ProclamationViewSet
from progress.api.research import ResearchViewSet
from progress.api.views import ProgressSnapshotViewSet
from reports.api.views import ReportViewSet
from surveys.api.views import SurveyViewSet
from webhooks.api.views import SubscriptionViewSet

from .docs import PartnerRedocView, PartnerSchemaView, PartnerSwaggerView
from .renderers import ORJSONRenderer
from .routers import router

router.register("cities", CityViewSet, basename="city")
router.register("proclamations", ProclamationViewSet, basename="proclamation")
router.register("initiatives", InitiativeViewSet, basename="initiative")
router.register("joint-projects", JointProjectViewSet, basename="joint-project")
router.register("progress", ProgressSnapshotViewSet, basename="progress")
router.register("research", ResearchViewSet, basename="research")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("reports", ReportViewSet, basename="report")
router.register("webhooks", SubscriptionViewSet, basename="webhook-subscription")


@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
@renderer_classes([ORJSONRenderer])
@schema(None)
def not_found(request, path: str = ""):
    """Any other address under /api/v1/: a JSON 404, like every other error of the API."""
    raise NotFound("No such collection: see /api/docs/ for what the API offers.")


urlpatterns = [
    path("v1/", include(router)),
    re_path(r"^v1/(?P<path>[\s\S]*)$", not_found),
    # The schema and the docs in the reader's language: ?lang=ar, else the visitor's (icp_portal/api/docs.py).
    path("schema/", PartnerSchemaView.as_view(), name="api-schema"),
    path("docs/", PartnerSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("docs/redoc/", PartnerRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
