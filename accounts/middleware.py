"""Accounts made before sign-up asked for a name are asked for it at their next visit, once."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from icp_portal.i18n import path_without_language

# Paths that must keep working for an account without a name: the page that asks for it, signing in and out,
# e-mail confirmation, two-factor set-up (which staff are sent to), the API, files and the health check.
PATHS_OPEN_WITHOUT_NAME = (
    "/accounts/",
    "/admin/logout/",
    "/api/",
    "/i18n/",
    "/static/",
    "/media/",
    "/documents/",
    "/healthz",
    "/sitemap.xml",
)


def person_details_required(get_response):
    def middleware(request):
        if (
            request.method in ("GET", "HEAD")  # a form being sent is never lost to this redirect
            and request.user.is_authenticated
            and request.user.needs_details
            and not path_without_language(request.path_info).startswith(PATHS_OPEN_WITHOUT_NAME)
        ):
            return redirect(f"{reverse('account_details')}?{urlencode({'next': request.get_full_path()})}")
        return get_response(request)

    return middleware
