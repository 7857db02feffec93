"""Proclamations: never adopted in the future; documents are real PDFs of bounded size."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfWriter

from proclamations.choices import DOCUMENT_MAX_BYTES
from proclamations.models import document_path
from proclamations.validators import validate_pdf_document
from tests.applications.conftest import PDF_BYTES
from tests.factories import ProclamationFactory

pytestmark = pytest.mark.django_db


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
    validate_pdf_document(SimpleUploadedFile("proclamation.pdf", PDF_BYTES, content_type="application/pdf"))


def test_a_file_named_pdf_that_is_not_one_is_refused():
    fake = SimpleUploadedFile("proclamation.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="must be a PDF"):
        validate_pdf_document(fake)


def test_an_html_page_that_mentions_pdf_near_its_start_is_refused():
    page = b"<html><script>alert(document.cookie)</script>%PDF-1.7</html>"
    with pytest.raises(ValidationError, match="must be a PDF"):
        validate_pdf_document(SimpleUploadedFile("proclamation.pdf", page, content_type="application/pdf"))


@pytest.mark.parametrize("prefix", [b"<!DOCTYPE html>", b"\xef\xbb\xbf", b"\x00", b"junk\n"])
def test_a_real_pdf_behind_anything_but_pdf_white_space_is_refused(prefix):
    with pytest.raises(ValidationError, match="must be a PDF"):
        validate_pdf_document(SimpleUploadedFile("proclamation.pdf", prefix + PDF_BYTES))


def test_a_real_pdf_after_white_space_the_pdf_standard_allows_is_accepted():
    validate_pdf_document(SimpleUploadedFile("proclamation.pdf", b"\r\n \t\f" + PDF_BYTES))


@pytest.mark.parametrize(
    "content",
    [
        PDF_BYTES[: len(PDF_BYTES) // 2],  # truncated: no cross-reference table, no trailer
        b"%PDF-1.4\n%%EOF\n",  # a header and nothing else
        b"%PDF-1.7\n<html><body>not a document</body></html>",
        b"%PDF-1.4\n" + bytes(range(256)) * 8,
    ],
    ids=["truncated", "header only", "html after the header", "noise after the header"],
)
def test_a_file_that_starts_as_a_pdf_but_cannot_be_read_as_one_is_refused(content):
    with pytest.raises(ValidationError, match="could not be read as a PDF"):
        validate_pdf_document(SimpleUploadedFile("proclamation.pdf", content))


def test_a_pdf_without_pages_is_refused():
    with pytest.raises(ValidationError, match="no pages"):
        validate_pdf_document(SimpleUploadedFile("proclamation.pdf", written_pdf(pages=0)))


def test_a_pdf_that_needs_a_password_to_open_is_refused():
    with pytest.raises(ValidationError, match="protected by a password"):
        validate_pdf_document(SimpleUploadedFile("proclamation.pdf", written_pdf(user_password="secret")))


def test_a_pdf_that_opens_without_a_password_but_may_not_be_edited_is_accepted():
    validate_pdf_document(SimpleUploadedFile("proclamation.pdf", written_pdf(user_password="")))


def written_pdf(*, pages: int = 1, user_password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password="the-town-clerk", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_document_over_ten_megabytes_is_refused():
    too_large = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * DOCUMENT_MAX_BYTES, content_type="application/pdf")
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
