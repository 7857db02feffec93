"""Checks on uploaded proclamation documents."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import DOCUMENT_MAX_BYTES

PDF_SIGNATURE = b"%PDF-"


def validate_pdf_document(upload) -> None:
    """A real PDF of at most 10 MB: judged by its first bytes, since a file name proves nothing."""
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The document is %(size)s MB; the limit is 10 MB."),
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
            code="document_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(position)
    if PDF_SIGNATURE not in head:
        raise ValidationError(_("The document must be a PDF file."), code="document_not_pdf")
