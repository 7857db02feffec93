"""The OpenAPI schema and its docs in the reader's language: `?lang=ar` on `/api/schema/`, `/api/docs/` and
`/api/docs/redoc/`, else the visitor's language as the portal finds it for any address without a language prefix
(cookie, account, Accept-Language), else English. A program that asks for nothing reads English, as before.

The API has no language prefix (`/ar/api/...` is not an address): its answers and field names are the same in
every language; only the descriptions the schema gives are translated."""

from csp.decorators import csp_update
from django.conf import settings
from django.utils import translation
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView


def reader_language(request) -> str:
    """`?lang=` when it names one of the portal's languages ("pt-BR" reads "pt"), else the request's language."""
    asked = request.GET.get("lang")
    if asked:
        try:
            return translation.get_supported_language_variant(asked)
        except LookupError:
            pass  # an unknown language reads as if none were asked
    return translation.get_language()


class PartnerSchemaView(SpectacularAPIView):
    """drf-spectacular's schema view, in the reader's language. Its own `?lang=` would activate any text given,
    and Django keeps a translation object for every language activated: here only the portal's languages are."""

    @extend_schema(exclude=True)  # as drf-spectacular's own: the schema does not describe itself
    def get(self, request, *args, **kwargs):
        language = reader_language(request)
        with translation.override(language):
            response = self._get_schema_response(request)
        response.headers["Content-Language"] = language
        return response


class LanguageLinks:
    """The docs page's language, for `<html lang>`, and a link to the page in each of the portal's languages."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if isinstance(response.data, dict) and "title" in response.data:  # the page, not Swagger's init script
            language = reader_language(request)
            response.data["language"] = language
            response.data["language_links"] = [
                {"code": code, "name": name, "href": f"?lang={code}", "current": code == language}
                for code, name in settings.LANGUAGES
            ]
        return response


class PartnerSwaggerView(LanguageLinks, SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


# Redoc's search runs in a worker it creates from a blob: the site's policy (script-src 'self') would block it.
@method_decorator(csp_update({"worker-src": ["'self'", "blob:"]}), name="dispatch")
class PartnerRedocView(LanguageLinks, SpectacularRedocView):
    template_name = "api/redoc.html"
