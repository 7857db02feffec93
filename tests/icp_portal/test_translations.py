"""Every language of settings.LANGUAGES: every string of the portal is translated, and pages answer in the visitor's
language."""

import ast
import gettext as gettext_module
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from tests.factories import CityFactory

# A language added to settings.LANGUAGES is held to a complete catalog at once (README: "Adding the next language").
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(\".*\")$")
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def catalog_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: flags, and each keyword's unquoted text (obsolete entries left out)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, keyword = {"flags": set(), "fields": {}}, None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := KEYWORD.match(line):
                keyword = match.group(1)
                entry["fields"][keyword] = ast.literal_eval(match.group(2))
            else:
                entry["fields"][keyword] += ast.literal_eval(line)
        if "msgid" in entry["fields"]:
            entries.append(entry)
    return entries


def translations_of(entry: dict) -> list[str]:
    return [text for keyword, text in entry["fields"].items() if keyword.startswith("msgstr")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_checked(language):
    entries = read_po(catalog_path(language))
    messages = [entry for entry in entries if entry["fields"]["msgid"]]
    assert len(messages) > 400
    assert not [entry["fields"]["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    untranslated = [entry["fields"]["msgid"] for entry in messages if not all(translations_of(entry))]
    assert not untranslated


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder_and_line_break(language):
    for entry in read_po(catalog_path(language)):
        msgid = entry["fields"]["msgid"]
        if not msgid:
            continue
        for text in translations_of(entry):
            if "python-format" in entry["flags"]:
                assert sorted(set(PLACEHOLDER.findall(text))) == sorted(set(PLACEHOLDER.findall(msgid))), msgid
            assert text.count("\n") == msgid.count("\n"), msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogs_match_their_sources(language):
    """The .mo files are committed: one compiled from an older .po would serve old or missing texts."""
    source = catalog_path(language)
    with source.with_suffix(".mo").open("rb") as compiled:
        catalog = gettext_module.GNUTranslations(compiled)._catalog
    for entry in read_po(source):
        fields = entry["fields"]
        if not fields["msgid"]:
            continue
        # A message with a context (pgettext) is compiled under "context\x04msgid".
        key = f"{fields['msgctxt']}\x04{fields['msgid']}" if "msgctxt" in fields else fields["msgid"]
        if "msgid_plural" in fields:
            for index, text in enumerate(translations_of(entry)):
                assert catalog.get((key, index)) == text, fields["msgid"]
        else:
            assert catalog.get(key) == fields["msgstr"], fields["msgid"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (.ci/run installs it)")
def test_every_string_of_the_code_is_in_the_catalogs(tmp_path):
    """makemessages over a copy of the code adds nothing: no new text waits for a translation."""
    source = Path(settings.BASE_DIR)
    copy = tmp_path / "portal"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "var", "__pycache__"))
    environment = {**os.environ, "DJANGO_SECRET_KEY": "test-only", "DJANGO_DEBUG": "on"}
    command = [sys.executable, "manage.py", "makemessages", "--no-location", *(f"-l{code}" for code in LANGUAGES)]
    subprocess.run(command, cwd=copy, env=environment, check=True, capture_output=True, timeout=300)
    for language in LANGUAGES:
        entries = read_po(copy / catalog_path(language).relative_to(source))
        missing = [
            entry["fields"]["msgid"]
            for entry in entries
            if entry["fields"]["msgid"] and ("fuzzy" in entry["flags"] or not all(translations_of(entry)))
        ]
        assert not missing, f"{language}: not in the catalog yet (run makemessages, then translate): {missing}"


@pytest.mark.parametrize(
    ("language", "english", "expected"),
    [
        ("es", "Apply to become a City of Peace", "Solicite convertirse en Ciudad de Paz"),
        ("es", "Save draft", "Guardar borrador"),
        ("es", "Submit to ICP", "Enviar a ICP"),
        ("es", "My dashboard", "Mi panel"),
        ("es", "Lead liaison", "Enlace principal"),
        ("es", "International Cities of Peace", "International Cities of Peace"),
        ("fr", "Apply to become a City of Peace", "Candidatez pour devenir Ville de Paix"),
        ("fr", "Save draft", "Enregistrer le brouillon"),
        ("fr", "Submit to ICP", "Soumettre à ICP"),
        ("fr", "My dashboard", "Mon tableau de bord"),
        ("fr", "Lead liaison", "Agent de liaison principal"),
        ("fr", "International Cities of Peace", "International Cities of Peace"),
    ],
)
def test_key_strings_translate(language, english, expected):
    with translation.override(language):
        assert gettext(english) == expected


def test_plurals_follow_each_language():
    with translation.override("es"):
        assert ngettext("%(count)s initiative", "%(count)s initiatives", 1) % {"count": 1} == "1 iniciativa"
        assert ngettext("%(count)s initiative", "%(count)s initiatives", 0) % {"count": 0} == "0 iniciativas"
    with translation.override("fr"):
        assert ngettext("%(count)s member city", "%(count)s member cities", 0) % {"count": 0} == "0 ville membre"
        assert ngettext("%(count)s member city", "%(count)s member cities", 3) % {"count": 3} == "3 villes membres"


def test_english_stays_the_default():
    with translation.override("en"):
        assert gettext("Save draft") == "Save draft"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "goal"),
    [
        ("es", "Ciudades de Paz en todo el mundo", "Hacia 1000 Ciudades de Paz en 2030"),
        ("fr", "Villes de Paix à travers le monde", "Vers 1000 Villes de Paix d'ici 2030"),
    ],
)
def test_home_page_answers_in_the_visitors_language(client, language, heading, goal):
    CityFactory(name="Ashland", member_since="2010-05-01")  # a newest member, with its translated line
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'lang="{language}"' in page
    assert f"<h1>{heading}</h1>" in page
    assert goal in page
    assert "Cities of Peace around the world" not in page
