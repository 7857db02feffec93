"""The one PDF check of the portal: proclamations' signed documents, applications' documents, alliance agreements."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PDF_SIGNATURE = b"%PDF-"
# The white-space characters of ISO 32000-1 (table 1) without NUL: the only bytes a reader may meet before the
# header. Anything else there (an HTML page, a script) is what a browser sniffs and renders, whatever follows.
PDF_WHITESPACE = b"\t\n\f\r "
HEADER_SEARCH_BYTES = 1024
# Signed documents are scans or exports of a page or a few: 10 MB is generous and keeps storage bounded.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


def validate_pdf_document(upload) -> None:
    """A real PDF of at most 10 MB, at least one page, that opens without a password: judged by its content, since a
    file name proves nothing and "%PDF-" somewhere near the start proves little more."""
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The document is %(size)s MB; the limit is 10 MB."),
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
            code="document_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        if not upload.read(HEADER_SEARCH_BYTES).lstrip(PDF_WHITESPACE).startswith(PDF_SIGNATURE):
            raise ValidationError(_("The document must be a PDF file."), code="document_not_pdf")
        upload.seek(0)
        check_pdf_opens(upload)
    finally:
        upload.seek(position)


def check_pdf_opens(upload) -> None:
    # pypdf (with cryptography's bindings) is some 25 MB in each process: loaded by the first PDF checked, not by
    # every web worker.
    from pypdf import PdfReader

    try:
        reader = PdfReader(upload)
        # A password only its author knows would keep reviewers and the public from reading it; an owner password
        # (no printing, no copying) opens with the empty one, as every viewer does.
        locked = reader.is_encrypted and not reader.decrypt("")
        pages = 0 if locked else len(reader.pages)
    except Exception as error:  # a hostile file can make a parser fail in any way: each is the sender's error
        raise ValidationError(
            _("The document could not be read as a PDF: it may be damaged or incomplete. Please export it again."),
            code="document_unreadable",
        ) from error
    if locked:
        raise ValidationError(
            _("The document is protected by a password; please upload it without one."), code="document_encrypted"
        )
    if pages == 0:
        raise ValidationError(_("The document has no pages."), code="document_without_pages")
