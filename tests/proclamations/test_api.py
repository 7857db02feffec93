"""Proclamations in the partner API: only public ones, documents only where public, constant queries."""

import orjson
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests.factories import CityFactory, ProclamationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/proclamations/"


def test_only_public_proclamations_are_listed(client):
    public = ProclamationFactory(title="Public proclamation")
    private = ProclamationFactory(title="Private draft", is_public=False)
    response = client.get(URL)
    body = orjson.loads(response.content)
    assert [row["id"] for row in body["results"]] == [public.pk]
    assert b"Private draft" not in response.content
    assert client.get(f"{URL}{private.pk}/").status_code == 404
    assert orjson.loads(client.get(f"{URL}{public.pk}/").content)["city"]["slug"] == public.city.slug


def test_document_url_of_a_public_proclamation(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with_document = ProclamationFactory(document=SimpleUploadedFile("signed.pdf", b"%PDF-1.4 test"))
    without = ProclamationFactory()
    rows = {row["id"]: row for row in orjson.loads(client.get(URL).content)["results"]}
    assert rows[with_document.pk]["document_url"].startswith("http://testserver/documents/proclamations/")
    assert rows[without.pk]["document_url"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("city=kyoto", 1),
        ("country=JP", 1),
        ("country=US", 1),
        ("kind=council_resolution", 1),
        ("adopted_after=2020-01-01", 0),
    ],
)
def test_filters(client, query, expected):
    ProclamationFactory(city=CityFactory(slug="kyoto", country="JP"))
    ProclamationFactory(kind="council_resolution")
    assert orjson.loads(client.get(f"{URL}?{query}").content)["count"] == expected


@pytest.mark.parametrize("query", ["country=XX", "kind=edict", "adopted_after=someday", "updated_since=later"])
def test_bad_parameters_are_400(client, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert orjson.loads(response.content)["detail"]


def test_queries_do_not_grow_with_page_size(client, django_assert_num_queries):
    ProclamationFactory.create_batch(110)
    for page_size in (1, 100):
        # on PostgreSQL one query writes the page's JSON and counts; elsewhere one counts, one reads the page with
        # its cities
        with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
            assert client.get(f"{URL}?page_size={page_size}").status_code == 200
