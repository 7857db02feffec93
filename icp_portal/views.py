"""Pages of the portal as a whole: the home page and the health check."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from initiatives.selectors import featured_initiatives
from members.choices import Pathway
from progress.selectors import network_headline

from .health import service_health
from .i18n import set_language_cookie


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {"headline": network_headline(), "featured_initiatives": featured_initiatives(), "pathways": Pathway},
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html")


def principles(request: HttpRequest) -> HttpResponse:
    """What a community agrees to when it applies (the application's agreement links here)."""
    return render(request, "principles.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    services = service_health()
    healthy = all(state == "ok" for state in services.values())
    return JsonResponse({"status": "ok" if healthy else "down", **services}, status=200 if healthy else 503)


def admin_in_language(request: HttpRequest, rest: str) -> HttpResponse:
    """/es/admin/... (the contract's /<lang>/ for every page): staff admin has one address, which follows the
    language cookie, so this sets the cookie to the address's language and goes there."""
    response = redirect(f"/admin/{rest}" + (f"?{request.GET.urlencode()}" if request.GET else ""))
    set_language_cookie(response, request.LANGUAGE_CODE)
    return response
