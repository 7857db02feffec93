from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, re_path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from . import views
from .i18n import language_patterns
from .sitemaps import SITEMAPS


def admin_sign_in_through_accounts(request: HttpRequest, extra_context=None) -> HttpResponse:
    """Staff sign in on the accounts page, with its failed-attempt lock and optional second factor."""
    wanted = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        wanted = reverse("admin:index")
    if admin.site.has_permission(request):
        return redirect(wanted)  # already signed in as staff
    if request.user.is_authenticated:
        raise PermissionDenied  # signed in, but not staff: no way into admin
    return redirect(f"{reverse('account_login')}?{urlencode({'next': wanted})}")


admin.site.login = admin_sign_in_through_accounts
admin.site.site_header = "International Cities of Peace: staff"
admin.site.site_title = "ICP Portal admin"
admin.site.index_title = "Applications and member records"

urlpatterns = [
    # Not in any language: the partner API, staff admin, health check, sitemap, language switch, files.
    path("healthz", views.healthz, name="healthz"),
    # Partner REST API: /api/v1/, /api/schema/, /api/docs/ (routes in icp_portal/api/urls.py).
    path("api/", include("icp_portal.api.urls")),
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
    # /es/healthz and /es/admin/... answer too (unprefixed, the entries above answer first).
    path("healthz", views.healthz),
    re_path(r"^admin/(?P<rest>.*)$", views.admin_in_language),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
