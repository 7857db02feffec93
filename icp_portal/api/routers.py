"""The `/api/v1/` router. `icp_portal/api/urls.py` registers the viewsets of every app on `router`. A new
collection is one line there, `router.register("progress", ProgressSnapshotViewSet, basename="progress")`, or a
`router.register(...)` anywhere imported before the first request: the router builds its URL patterns when the
first request is resolved, not when `icp_portal.urls` is imported."""

from rest_framework.routers import DefaultRouter


class PartnerRouter(DefaultRouter):
    """`include(router)` reads `urlpatterns` when URLs are first resolved, so collections registered after
    `icp_portal.urls` was imported still get their routes."""

    @property
    def urlpatterns(self) -> list:
        return self.get_urls()


router = PartnerRouter()
