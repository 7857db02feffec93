"""The proclamations app creates its own rows."""

import datetime

import pytest
from django.core.files.base import ContentFile

from proclamations.services import proclamation_create
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_proclamation_is_added_to_the_city_with_its_signed_document():
    city = CityFactory(slug="kisumu")
    proclamation = proclamation_create(
        city=city,
        kind="mayoral_proclamation",
        title="Kisumu, City of Peace",
        issuing_body="Office of the Mayor",
        adopted_on=datetime.date(2025, 9, 21),
        document=ContentFile(b"%PDF-1.4 signed", name="upload.pdf"),
    )
    assert proclamation.pk and proclamation.city == city
    assert proclamation.document.name.endswith(".pdf") and "kisumu-proclamation" in proclamation.document.name
    with proclamation.document.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 signed"


def test_a_proclamation_needs_no_document():
    proclamation = proclamation_create(
        city=CityFactory(), kind="council_resolution", title="Resolution 12", issuing_body="Council",
        adopted_on=datetime.date(2024, 1, 10),
    )  # fmt: skip
    assert not proclamation.document
