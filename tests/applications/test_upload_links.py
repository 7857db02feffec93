"""Every link to an application's upload goes through the permission-checked download, admin's included."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications.choices import ApplicationStatus
from applications.models import ApplicationPhoto
from tests.factories import UserFactory

from .conftest import PDF_BYTES, png_upload
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application_with_files():
    application = ApplicationFactory(complete=True, applicant=UserFactory(), status=ApplicationStatus.SUBMITTED)
    application.proclamation_document.save("signed.pdf", ContentFile(PDF_BYTES))
    photo = ApplicationPhoto(application=application, caption="Garden")
    photo.image.save("garden.png", png_upload(), save=True)
    return application


def test_an_uploads_url_is_the_permission_checked_download(application_with_files):
    document = application_with_files.proclamation_document
    assert document.url == reverse("applications:upload", kwargs={"name": document.name})
    assert document.url.startswith("/apply/files/applications/")
    assert "/media/" not in application_with_files.photos.get().image.url


def test_staff_who_may_read_applications_download_from_the_currently_link_of_the_review_page(
    client, application_with_files
):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:applications_application_change", args=[application_with_files.pk]))
    document = application_with_files.proclamation_document
    assert f'href="{document.url}"' in page.content.decode()  # "Currently: ..." of the file input
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    photo = application_with_files.photos.get()
    response = client.get(photo.image.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_the_applicant_downloads_their_own_upload(client, application_with_files):
    client.force_login(application_with_files.applicant)
    assert client.get(application_with_files.proclamation_document.url).status_code == 200


def test_a_stranger_learns_nothing_of_an_upload_and_anonymous_visitors_are_asked_to_sign_in(
    client, application_with_files
):
    url = application_with_files.proclamation_document.url
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(is_staff=True))  # staff in no group may not read applications
    assert client.get(url).status_code == 404
    assert client.get(reverse("applications:upload", kwargs={"name": "applications/none/none.pdf"})).status_code == 404
