"""Checks on uploaded proclamation documents: the portal's one PDF check, kept where the migrations name it."""

from icp_portal.pdf_uploads import check_pdf_opens, validate_pdf_document

__all__ = ["check_pdf_opens", "validate_pdf_document"]
