"""Helpers for application tests: uploads and the POST data of a complete application."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def one_page_pdf() -> bytes:
    """A real PDF of one blank A4 page, written by pypdf: uploads are opened before they are accepted."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_BYTES = one_page_pdf()


def pdf_upload(name: str = "proclamation.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png_upload(name: str = "garden.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def formset_management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def complete_application_data(**overrides) -> dict:
    """What a coordinator types into /apply/ for a complete application (files added separately)."""
    data = {
        "form_token": str(uuid.uuid4()),
        "application-name": "Kisumu",
        "application-community_type": "city",
        "application-country": "KE",
        "application-region": "Kisumu County",
        "application-population": "610082",
        "application-population_year": "2019",
        "application-latitude": "-0.091702",
        "application-longitude": "34.767956",
        "application-website": "https://kisumu.example.org",
        "application-pathway": "proclamation",
        "application-proclamation_title": "Kisumu, City of Peace",
        "application-proclamation_issuing_body": "Office of the Governor",
        "application-proclamation_adopted_on": "2025-09-21",
        "application-challenges": "Tension after elections between neighbourhoods.",
        "application-actions": "Dialogue circles, youth football leagues across estates.",
        "application-peace_history": "Peace caravans since 2008.",
        "application-vision": "A lakeside city where every estate talks to the next.",
        "application-mission": "Bring neighbours together before conflicts start.",
        "application-goals": "Twelve dialogue circles a year; a peace garden.",
        "application-second_leader_name": "",
        "application-second_leader_email": "",
        "application-partner_organisations": "Kisumu Youth Council\nLakeside Interfaith Forum",
        "application-principles_accepted": "on",
        **formset_management("supporters", 4),
        **formset_management("initiatives", 2),
        "initiatives-0-title": "Estate football league",
        "initiatives-0-category": "youth",
        "initiatives-0-status": "active",
        "initiatives-0-description": "Teams mixed across estates.",
    }
    for number in range(4):
        data[f"supporters-{number}-name"] = f"Supporter {number}"
        data[f"supporters-{number}-email"] = f"supporter{number}@kisumu.example.org"
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def private_media_in_tmp(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
