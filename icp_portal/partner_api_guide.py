"""The guide for partners, the OpenAPI schema's description (SPECTACULAR_SETTINGS["DESCRIPTION"]), in the reader's
language: `partner_api_guide.md` is the English original, `partner_api_guide.<lang>.md` its translations. A language
without its file reads the English guide.

Imported by settings (it needs no configured Django): the files are read once, when the process starts; the schema
picks the guide of the language active while it is generated (`?lang=`, else the visitor's language)."""

from pathlib import Path

from django.utils.functional import lazy
from django.utils.translation import get_language

GUIDE_DIRECTORY = Path(__file__).resolve().parent
ORIGINAL_LANGUAGE = "en"


def read_guides(directory: Path) -> dict[str, str]:
    """{language: guide} for the original (`partner_api_guide.md`, English) and each translation found."""
    guides = {ORIGINAL_LANGUAGE: (directory / "partner_api_guide.md").read_text(encoding="utf-8")}
    for translated in sorted(directory.glob("partner_api_guide.*.md")):
        language = translated.name.removeprefix("partner_api_guide.").removesuffix(".md")
        guides[language] = translated.read_text(encoding="utf-8")
    return guides


GUIDES = read_guides(GUIDE_DIRECTORY)


def partner_api_guide() -> str:
    """The guide in the active language ("pt-br" reads "pt"), else the English one."""
    language = get_language() or ORIGINAL_LANGUAGE
    return GUIDES.get(language) or GUIDES.get(language.split("-")[0]) or GUIDES[ORIGINAL_LANGUAGE]


# What settings give drf-spectacular: a text that becomes the guide of the active language when the schema is written.
partner_api_guide_in_language = lazy(partner_api_guide, str)()
