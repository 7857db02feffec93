"""The partner API's schema and docs in the portal's languages: `?lang=`, else the visitor's language, else English;
the guide for partners in the schema's language where it is translated, else in English."""

from pathlib import Path

import orjson
import pytest
from django.utils.translation import trans_real

from icp_portal import partner_api_guide
from tests.icp_portal.test_api_schema import STORED_SCHEMA

pytestmark = pytest.mark.django_db


def schema(client, query: str = "", **headers) -> dict:
    response = client.get(f"/api/schema/?format=json{query}", **headers)
    assert response.status_code == 200
    return orjson.loads(response.content)


def cities_list(document: dict) -> dict:
    return document["paths"]["/api/v1/cities/"]["get"]


def target_url_field(document: dict) -> dict:
    return document["components"]["schemas"]["Subscription"]["properties"]["target_url"]


def parameter(operation: dict, name: str) -> dict:
    return next(parameter for parameter in operation["parameters"] if parameter["name"] == name)


def test_the_schema_in_arabic_describes_operations_fields_and_parameters_in_arabic(client):
    response = client.get("/api/schema/?format=json&lang=ar")
    document = orjson.loads(response.content)
    operation = cities_list(document)
    assert response.headers["Content-Language"] == "ar"
    assert operation["summary"] == "المدن الأعضاء"
    assert operation["description"].startswith("كل المدن الأعضاء، مُرشَّحة ومرتَّبة حسب الطلب")
    assert target_url_field(document)["description"].startswith("العنوان الذي تُرسَل إليه الأحداث بطلب POST")
    assert parameter(operation, "page")["description"] == "رقم الصفحة، ابتداءً من 1."
    # Names partners write in code stay as they are.
    assert "`next`" in parameter(operation, "after")["description"]
    assert (
        document["components"]["schemas"]["Error"]["properties"]["detail"]["description"] == "وصف نصي لما حدث من خطأ."
    )


def test_the_schema_in_japanese_describes_operations_fields_and_parameters_in_japanese(client):
    document = schema(client, "&lang=ja")
    operation = cities_list(document)
    assert operation["summary"] == "加盟都市"
    assert target_url_field(document)["description"].startswith("イベントの POST 先")
    size = parameter(operation, "page_size")["description"]
    assert size == "1 ページの行数。指定がなければ 50、最大 100（それより大きい指定は 100 になります）。"
    joint_projects = document["paths"]["/api/v1/joint-projects/{slug}/"]["get"]
    assert joint_projects["summary"] == "1 件の共同プロジェクト"
    assert joint_projects["description"].startswith("活動中の加盟都市の共同プロジェクト")  # the viewset's docstring


def test_the_schema_is_english_by_default_exactly_as_stored(client):
    """A program that asks for no language reads the English schema, byte for byte the stored copy."""
    response = client.get("/api/schema/")
    assert response.headers["Content-Language"] == "en"
    assert response.content.decode() == STORED_SCHEMA.read_text(encoding="utf-8")
    document = schema(client)
    assert cities_list(document)["summary"] == "Member cities"
    assert target_url_field(document)["description"].startswith("Where events are POSTed")


def test_without_lang_the_schema_follows_the_visitors_language(client):
    assert cities_list(schema(client, HTTP_ACCEPT_LANGUAGE="ja"))["summary"] == "加盟都市"
    client.cookies["django_language"] = "de"
    assert cities_list(schema(client, HTTP_ACCEPT_LANGUAGE="ja"))["summary"] == "Mitgliedsstädte"
    assert cities_list(schema(client, "&lang=fr", HTTP_ACCEPT_LANGUAGE="ja"))["summary"] == "Villes membres"


@pytest.mark.parametrize(
    ("asked", "summary"), [("pt-BR", "Cidades-membro"), ("xx", "Member cities"), ("", "Member cities")]
)
def test_a_regional_or_unknown_lang_reads_as_its_language_or_english(client, asked, summary):
    assert cities_list(schema(client, f"&lang={asked}"))["summary"] == summary


def test_an_unknown_lang_activates_no_translation(client):
    """Django keeps every language it activates: hostile ?lang= values would grow that without end."""
    before = set(trans_real._translations)
    schema(client, "&lang=zz-made-up")
    assert set(trans_real._translations) - before <= {"en"}


def test_the_guide_is_the_one_of_the_schemas_language_else_english(client, monkeypatch):
    monkeypatch.setattr(partner_api_guide, "GUIDES", {"en": "The guide.", "ja": "案内。"})
    assert schema(client, "&lang=ja")["info"]["description"] == "案内。"
    assert schema(client, "&lang=ar")["info"]["description"] == "The guide."
    assert schema(client)["info"]["description"] == "The guide."


def test_the_guides_are_read_once_not_at_each_request(client, monkeypatch):
    def no_reading(*args, **kwargs):
        raise AssertionError("a guide was read during a request")

    monkeypatch.setattr(Path, "read_text", no_reading)
    arabic = schema(client, "&lang=ar")["info"]["description"]
    assert arabic == partner_api_guide.GUIDES["ar"] != partner_api_guide.GUIDES["en"]


def test_the_guide_is_translated_into_every_language_of_the_portal(settings):
    assert set(partner_api_guide.GUIDES) == {code for code, _ in settings.LANGUAGES}


def test_the_guides_found_are_the_english_original_and_each_translation(tmp_path):
    (tmp_path / "partner_api_guide.md").write_text("Guide", encoding="utf-8")
    (tmp_path / "partner_api_guide.es.md").write_text("Guía", encoding="utf-8")
    (tmp_path / "partner_api_guide.pt.md").write_text("Guia", encoding="utf-8")
    assert partner_api_guide.read_guides(tmp_path) == {"en": "Guide", "es": "Guía", "pt": "Guia"}


def test_the_docs_page_is_in_the_language_asked_and_links_to_every_language(client):
    page = client.get("/api/docs/?lang=ar").content.decode()
    assert '<html lang="ar">' in page
    assert "lang=ar" in page  # the init script's address, which carries the schema's
    assert 'aria-label="توثيق واجهة البرمجة بلغة أخرى"' in page
    for code in ("en", "es", "fr", "pt", "ar", "de", "ja"):
        assert f'href="?lang={code}" lang="{code}"' in page
    assert 'href="?lang=ar" lang="ar" aria-current="page"' in page
    script = client.get("/api/docs/?lang=ar&script=").content.decode()
    assert 'url: "/api/schema/?lang\\u003Dar"' in script  # the schema in Arabic, escaped for JavaScript


def test_the_docs_pages_are_english_by_default_and_follow_the_visitor(client):
    assert '<html lang="en">' in client.get("/api/docs/").content.decode()
    assert '<html lang="ja">' in client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    redoc = client.get("/api/docs/redoc/?lang=de").content.decode()
    assert '<html lang="de">' in redoc
    assert 'spec-url="/api/schema/?lang=de"' in redoc
    assert "googleapis" not in redoc  # no web fonts from a CDN


def test_redoc_may_start_its_search_worker_and_no_other_page_may(client):
    redoc = client.get("/api/docs/redoc/?lang=de")["Content-Security-Policy"]
    assert "worker-src 'self' blob:" in redoc and "script-src 'self';" in redoc
    assert "worker-src" not in client.get("/api/docs/")["Content-Security-Policy"]
    assert "blob:" not in client.get("/")["Content-Security-Policy"]
