from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from . import views
from .i18n import language_patterns
from .sitemaps import SITEMAPS

urlpatterns = [
    # Not in any language: the partner API, staff admin, health check, sitemap, language switch, files.
    path("healthz", views.healthz, name="healthz"),
    # Partner REST API: /api/v1/, /api/schema/, /api/docs/ (routes in icp_portal/api/urls.py).
    path("api/", include("icp_portal.api.urls")),
    # The default site is icp_portal.admin_site.PortalAdminSite: staff sign in through /accounts/login/.
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
]
# Pages in every language: /es/..., /fr/..., English at /en/... or without a prefix (icp_portal/i18n.py).
urlpatterns += language_patterns(
    path("", views.home, name="home"),
    # The person's own pages (accounts/my-data/, details/, settings/, delete/ and dashboard/), before allauth's.
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("privacy/", views.privacy, name="privacy"),
    path("principles/", views.principles, name="principles"),
    path("apply/", include("applications.urls")),
    path("", include("members.urls")),
    path("", include("initiatives.urls")),
    path("", include("proclamations.urls")),
    path("", include("progress.urls")),
    # Membership certificates: the coordinators' download and the public /verify/<code>/ their QR code leads to.
    path("", include("certificates.urls")),
    # Community surveys: the coordinators' survey page and QR code, the public anonymous form /survey/<code>/.
    path("", include("surveys.urls")),
    # Yearly reports: the coordinators' form on the dashboard and the published reports on the city pages.
    path("", include("reports.urls")),
    # /es/healthz and /es/admin/... answer too (unprefixed, the entries above answer first).
    path("healthz", views.healthz),
    re_path(r"^admin/(?P<rest>.*)$", views.admin_in_language),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
