"""Proclamations: never adopted in the future; documents are real PDFs of bounded size."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from proclamations.choices import DOCUMENT_MAX_BYTES
from proclamations.models import document_path
from proclamations.validators import validate_pdf_document
from tests.factories import ProclamationFactory

pytestmark = pytest.mark.django_db

TINY_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_proclamation_adopted_in_the_future_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProclamationFactory(adopted_on=timezone.now().date() + datetime.timedelta(days=1))


def test_proclamation_adopted_today_is_accepted():
    assert ProclamationFactory(adopted_on=timezone.now().date()).pk


def test_full_clean_puts_a_future_adoption_date_on_its_field():
    proclamation = ProclamationFactory.build(adopted_on=timezone.now().date() + datetime.timedelta(days=5))
    proclamation.city.save()
    with pytest.raises(ValidationError) as refused:
        proclamation.full_clean()
    assert "adopted_on" in refused.value.message_dict


def test_a_real_pdf_is_accepted():
    validate_pdf_document(SimpleUploadedFile("proclamation.pdf", TINY_PDF, content_type="application/pdf"))


def test_a_file_named_pdf_that_is_not_one_is_refused():
    fake = SimpleUploadedFile("proclamation.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="must be a PDF"):
        validate_pdf_document(fake)


def test_a_document_over_ten_megabytes_is_refused():
    too_large = SimpleUploadedFile("big.pdf", TINY_PDF + b"0" * DOCUMENT_MAX_BYTES, content_type="application/pdf")
    with pytest.raises(ValidationError, match="limit is 10 MB"):
        validate_pdf_document(too_large)


def test_a_document_lies_in_a_random_folder_that_cannot_be_guessed():
    first, second = ProclamationFactory.build(), ProclamationFactory.build()
    paths = [document_path(each, "ashland-proclamation.pdf") for each in (first, second)]
    assert paths[0] != paths[1]
    assert all(path.startswith("proclamations/") and path.endswith("/ashland-proclamation.pdf") for path in paths)
    assert len(paths[0].split("/")[2]) == 32


def test_documents_are_linked_through_the_portal_and_served_as_downloads(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    proclamation = ProclamationFactory(document=document, kind="mayoral_proclamation", adopted_on="2021-09-21")
    assert proclamation.document.url.startswith("/documents/proclamations/")
    assert (tmp_path / proclamation.document.name).exists()  # on the media storage, not served from there

    response = client.get(proclamation.document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"{proclamation.city.slug}-mayoral-proclamation-2021.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_unpublished_document_is_not_found_for_visitors(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = SimpleUploadedFile("draft.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    proclamation = ProclamationFactory(document=document, is_public=False)
    assert client.get(proclamation.document.url).status_code == 404
    assert client.get("/documents/proclamations/2021/nothing-here.pdf").status_code == 404
