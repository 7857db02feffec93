"""Proclamation documents at /documents/<name>: no shared cache keeps them, so one unpublished is refused at once."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import CoordinatorFactory, ProclamationFactory, UserFactory

pytestmark = pytest.mark.django_db

TINY_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def proclamation_with_document(**fields):
    document = SimpleUploadedFile("signed.pdf", TINY_PDF, content_type="application/pdf")
    return ProclamationFactory(document=document, **fields)


def cache_directives(response) -> set[str]:
    return {directive.strip() for directive in response["Cache-Control"].split(",")}


def test_a_public_document_is_kept_by_no_shared_cache_and_checked_again_before_each_use(client):
    proclamation = proclamation_with_document(is_public=True)
    response = client.get(proclamation.document.url)
    assert response.status_code == 200
    assert cache_directives(response) == {"private", "no-cache"}  # no public, no max-age
    # checking again is cheap: unchanged since the copy the browser has, it answers 304 without the file
    again = client.get(proclamation.document.url, headers={"if-modified-since": response["Last-Modified"]})
    assert again.status_code == 304
    assert cache_directives(again) == {"private", "no-cache"}


def test_a_document_unpublished_after_a_download_is_refused_to_visitors_at_once(client):
    proclamation = proclamation_with_document(is_public=True)
    first = client.get(proclamation.document.url)
    assert first.status_code == 200
    proclamation.is_public = False
    proclamation.save()
    assert client.get(proclamation.document.url).status_code == 404
    # a browser checking the copy it kept is refused too, not told that its copy is still good
    again = client.get(proclamation.document.url, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 404


def test_an_unpublished_document_is_kept_by_no_cache_for_its_coordinators_and_staff(client):
    proclamation = proclamation_with_document(is_public=False)
    coordinator = CoordinatorFactory(city=proclamation.city).user
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_proclamation"))
    for user in [coordinator, staff]:
        client.force_login(user)
        response = client.get(proclamation.document.url)
        assert response.status_code == 200, user
        assert cache_directives(response) == {"private", "no-store"}
        assert "Last-Modified" not in response
