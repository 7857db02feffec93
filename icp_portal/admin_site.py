"""The portal's admin site: Django's, with staff signing in through the accounts page. It is the default site
(icp_portal.apps.PortalAdminConfig), so every app's ModelAdmins register on it through `admin.site` unchanged."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("International Cities of Peace: staff")
    site_title = _("ICP Portal admin")
    index_title = _("Applications and member records")

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Staff sign in on the accounts page, with its failed-attempt lock and optional second factor."""
        wanted = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
            wanted = reverse("admin:index")
        if self.has_permission(request):
            return redirect(wanted)  # already signed in as staff
        if request.user.is_authenticated:
            raise PermissionDenied  # signed in, but not staff: no way into admin
        return redirect(f"{reverse('account_login')}?{urlencode({'next': wanted})}")
