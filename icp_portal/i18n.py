"""The language in the address: /es/..., /ar/..., English at /en/... or unprefixed.

A link shared in Spanish opens in Spanish. Addresses without a prefix (every link written before, and English
by default) keep answering in the visitor's language: the language cookie (the switcher's explicit choice), else
the signed-in account's language, else the browser's Accept-Language, else English. Django's own
i18n_patterns(prefix_default_language=False) would serve every unprefixed address in English and answer 404 to
/en/...; the pattern and middleware here keep both.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import auth
from django.middleware.locale import LocaleMiddleware
from django.urls import URLResolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.functional import SimpleLazyObject


class LanguagePrefixPattern(LocalePrefixPattern):
    """Matches a path with any language's prefix, and a path without one; reverse() adds the active language's
    prefix (none for English), so links on a Spanish page stay Spanish."""

    def __init__(self):
        super().__init__(prefix_default_language=False)

    def match(self, path: str):
        language = language_of_prefix(f"/{path}")
        if language:
            return path.removeprefix(f"{language}/"), (), {}
        return path, (), {}


def language_patterns(*urls) -> list[URLResolver]:
    """The root URLconf's pages that exist in every language (not the API, admin, health check or files)."""
    return [URLResolver(LanguagePrefixPattern(), list(urls))]


def language_of_prefix(path: str) -> str | None:
    """The language whose code begins the path ("/es/cities/" -> "es"), exactly as in settings.LANGUAGES."""
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return code
    return None


def path_without_language(path: str) -> str:
    language = language_of_prefix(path)
    return path.removeprefix(f"/{language}") if language else path


def path_in_language(path: str, language: str) -> str:
    """The same page in another language: "/ja/accounts/..." -> "/ar/accounts/...", English unprefixed."""
    rest = path_without_language(path)
    return rest if language == settings.LANGUAGE_CODE else f"/{language}{rest}"


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that an unprefixed address follows the visitor's choice (cookie, then
    account, then Accept-Language) instead of always English; /en/... is English like /es/... is Spanish."""

    def process_request(self, request) -> None:
        language = (
            translation.get_language_from_path(request.path_info)
            or _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            or _account_language(request)
            or translation.get_language_from_request(request)  # Accept-Language, else English
        )
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def set_language_cookie(response, language: str) -> None:
    """Remembers the visitor's choice of language, as Django's set_language view does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _supported(language: str | None) -> str | None:
    try:
        return translation.get_supported_language_variant(language) if language else None
    except LookupError:
        return None


def _account_language(request) -> str | None:
    """The signed-in person's language (account settings, or the language they signed up in). The user is kept
    where AuthenticationMiddleware looks for it, so the request loads it once."""
    # Without a session cookie nobody is signed in: the session is not even opened (an API call need not vary by it).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return None
    if auth.SESSION_KEY not in request.session:
        return None
    if not hasattr(request, "_cached_user"):
        request._cached_user = auth.get_user(request)
    return _supported(getattr(request._cached_user, "language", None))


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    path: str  # where the language switcher sends the visitor
    href: str  # the absolute address of this version, for <link rel="alternate" hreflang>


def is_language_page(request) -> bool:
    """Whether the page answering is one of language_patterns() (not a 404, the API or admin)."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.tried:
        return False
    top_level = match.tried[-1][0]  # the root URLconf's entry that led to the page
    return isinstance(getattr(top_level, "pattern", None), LanguagePrefixPattern)


def language_versions(request) -> list[LanguageVersion]:
    """The same page in each language. English is offered at /en/... (always English); the switcher sends English
    readers to the unprefixed address, which then follows the cookie it sets."""
    if not is_language_page(request):
        return []
    rest = path_without_language(request.path)
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    versions = []
    for code, name in settings.LANGUAGES:
        prefixed = f"/{code}{rest}{suffix}"
        unprefixed_for_default = f"{rest}{suffix}" if code == settings.LANGUAGE_CODE else prefixed
        versions.append(
            LanguageVersion(
                code=code,
                name=name,  # in the language itself
                path=unprefixed_for_default,
                href=f"{settings.PORTAL_BASE_URL}{prefixed}",
            )
        )
    return versions


def default_version_href(request) -> str:
    return f"{settings.PORTAL_BASE_URL}{path_without_language(request.get_full_path())}"


def languages(request) -> dict:
    """Context processor: the page's versions in each language, computed only when a template uses them."""
    return {
        "language_versions": SimpleLazyObject(lambda: language_versions(request)),
        "language_default_href": SimpleLazyObject(lambda: default_version_href(request)),
    }
