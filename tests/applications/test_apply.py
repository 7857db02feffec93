"""A coordinator applies at /apply/: drafts, submission, bad input that loses nothing."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from applications.choices import ApplicationStatus
from applications.models import Application, ApplicationPhoto, Signatory, StatusChange
from icp_portal.uploads import private_storage
from outbox.models import OutboundEmail
from tests.factories import CityFactory, UserFactory

from .conftest import PDF_BYTES, complete_application_data, formset_management, pdf_upload, png_upload
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

APPLY = "/apply/"


def test_apply_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(APPLY)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_form_shows_every_part_icp_asks_for(coordinator_client, coordinator):
    application = Application.objects.create(applicant=coordinator, name="Kisumu")
    expected = {
        "community": ["Community name"],
        "pathway": ["How the community qualifies"],
        "statement": ["Peace statement", "vision"],
        "initiatives": ["Initiative 1"],
        "team": ["Supporter 4"],
        "photos": ["Photos"],
        "review": ["We agree to the principles"],
    }
    for slug, labels in expected.items():
        page = coordinator_client.get(reverse("applications:step", args=[application.pk, slug])).content.decode()
        for label in labels:
            assert label.lower() in page.lower(), label


def test_a_draft_is_saved_with_only_a_name_and_resumed_later(coordinator_client, coordinator):
    response = coordinator_client.post(
        APPLY,
        {
            "form_token": "5b0b7e59-0e6f-4a6e-9f0e-6d1b2f0d9a11",
            "application-name": "Ashland",
            "application-challenges": "Polarised town meetings.",
            "save": "1",
            **formset_management("supporters", 4),
            **formset_management("initiatives", 2),
        },
    )
    application = Application.objects.get(applicant=coordinator)
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:edit", args=[application.pk])
    assert (application.status, application.challenges) == (ApplicationStatus.DRAFT, "Polarised town meetings.")
    resumed = coordinator_client.get(response["Location"], follow=True).content.decode()
    assert "Ashland" in resumed
    resumed = coordinator_client.get(reverse("applications:step", args=[application.pk, "statement"])).content.decode()
    assert "Polarised town meetings." in resumed


def test_complete_application_is_submitted_and_each_supporter_is_asked_to_confirm(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    data = complete_application_data(submit="1")
    data["application-proclamation_document"] = pdf_upload()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(APPLY, data)
    application = Application.objects.get(applicant=coordinator)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    assert application.initiatives.get().title == "Estate football league"
    assert application.signatories.count() == 4
    assert StatusChange.objects.get(application=application).to_status == ApplicationStatus.SUBMITTED
    invitations = [message for message in mail.outbox if message.to != [coordinator.email]]
    invited = sorted(message.to[0] for message in invitations)
    assert invited == [f"supporter{number}@kisumu.example.org" for number in range(4)]
    assert all("/apply/support/" in message.body for message in invitations)
    assert OutboundEmail.objects.pending().count() == 0


def test_double_click_on_submit_creates_one_application(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    data = complete_application_data(submit="1")
    data["application-proclamation_document"] = pdf_upload()
    with django_capture_on_commit_callbacks(execute=True):
        first = coordinator_client.post(APPLY, data)
        data["application-proclamation_document"] = pdf_upload()
        second = coordinator_client.post(APPLY, data)
    assert Application.objects.filter(applicant=coordinator).count() == 1
    assert first["Location"] == second["Location"]
    assert len([message for message in mail.outbox if "/apply/support/" in message.body]) == 4  # invited once
    assert len([message for message in mail.outbox if message.to == [coordinator.email]]) == 1  # one receipt


def test_submission_without_supporters_and_document_names_what_is_missing(coordinator_client, coordinator):
    data = complete_application_data(submit="1")
    for number in range(4):
        data[f"supporters-{number}-name"] = data[f"supporters-{number}-email"] = ""
    response = coordinator_client.post(APPLY, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "4 supporters are missing" in page
    assert "Upload the signed proclamation or resolution as a PDF." in page
    assert Application.objects.get(applicant=coordinator).status == ApplicationStatus.DRAFT


def test_a_renamed_file_that_is_not_a_pdf_is_refused_and_everything_else_is_kept(coordinator_client, coordinator):
    data = complete_application_data(submit="1")
    data["application-proclamation_document"] = png_upload("proclamation.pdf")
    response = coordinator_client.post(APPLY, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "The document must be a PDF file." in page
    # every answer is saved in the draft, and shown on its step
    application = Application.objects.get(applicant=coordinator)
    statement = coordinator_client.get(reverse("applications:step", args=[application.pk, "statement"]))
    assert "Dialogue circles, youth football leagues across estates." in statement.content.decode()
    team = coordinator_client.get(reverse("applications:step", args=[application.pk, "team"]))
    assert 'value="supporter3@kisumu.example.org"' in team.content.decode()
    assert application.status == ApplicationStatus.DRAFT
    assert application.mission == "Bring neighbours together before conflicts start."
    assert not application.proclamation_document


def test_error_is_shown_next_to_the_field_that_caused_it(coordinator_client):
    data = complete_application_data(**{"application-latitude": "123", "save": "1"})
    page = coordinator_client.post(APPLY, data).content.decode()
    error_at = page.index('id="id_application-latitude_error"')
    assert page.index('for="id_application-latitude"') < error_at < page.index('id="id_application-longitude"')
    assert 'aria-describedby="id_application-latitude_error"' in page or "id_application-latitude_error" in page


def test_photos_are_checked_with_pillow_and_limited_to_three(coordinator_client, coordinator):
    data = complete_application_data(save="1")
    data["application-new_photos"] = [
        png_upload("a.png"),
        png_upload("b.png"),
        png_upload("c.png"),
        png_upload("d.png"),
    ]
    response = coordinator_client.post(APPLY, data)
    assert response.status_code == 400
    assert "three photos at most" in response.content.decode()
    assert Application.objects.get(applicant=coordinator).photos.count() == 0

    data = complete_application_data(save="1")
    fake = png_upload("fake.png")
    fake.file.write(b"")
    data["application-new_photos"] = [pdf_upload("holiday.jpg")]
    response = coordinator_client.post(APPLY, data)
    assert "The photo must be a JPEG or PNG image." in response.content.decode()


def test_a_photo_of_too_many_pixels_is_refused_before_anything_decodes_it(coordinator_client, coordinator):
    # 51 megapixels in a few kilobytes: one bit per pixel, all white. A forged header claiming billions of
    # pixels makes Pillow itself refuse to open the file; both get the same message.
    buffer = io.BytesIO()
    Image.new("1", (7200, 7100), 1).save(buffer, format="PNG")
    data = complete_application_data(save="1")
    data["application-new_photos"] = [SimpleUploadedFile("wall.png", buffer.getvalue(), content_type="image/png")]
    response = coordinator_client.post(APPLY, data)
    assert "The photo has more than 50 megapixels; please send a smaller one." in response.content.decode()
    assert Application.objects.get(applicant=coordinator).photos.count() == 0


def test_a_supporter_removed_in_another_window_is_reported_on_its_row(coordinator_client, coordinator):
    response = coordinator_client.post(APPLY, complete_application_data(save="1"))
    application = Application.objects.get(applicant=coordinator)
    supporter = application.signatories.order_by("pk").first()
    data = complete_application_data(save="1", **formset_management("supporters", 4, initial=1))
    data["supporters-0-id"] = str(supporter.pk)
    supporter.delete()  # as another window of the same coordinator would
    response = coordinator_client.post(response["Location"], data)
    page = response.content.decode()
    assert "This row was changed or removed in another window, so it was not saved. Reload the page." in page
    assert 'value="supporter0@kisumu.example.org"' in page  # what was typed in the row is still there


def test_photos_need_the_rights_declaration_before_submitting(coordinator_client, coordinator):
    data = complete_application_data(submit="1")
    data["application-proclamation_document"] = pdf_upload()
    data["application-new_photos"] = [png_upload()]
    response = coordinator_client.post(APPLY, data)
    assert response.status_code == 400
    assert "Confirm that you may share these photos." in response.content.decode()
    assert Application.objects.get(applicant=coordinator).photos.count() == 1  # the photo itself is kept


def test_location_is_prefilled_from_the_place_name(coordinator_client, coordinator):
    data = complete_application_data(save="1", **{"application-latitude": "", "application-longitude": ""})
    coordinator_client.post(APPLY, data)
    application = Application.objects.get(applicant=coordinator)
    assert application.latitude is not None
    assert abs(float(application.latitude) - (-0.1)) < 0.2
    assert abs(float(application.longitude) - 34.75) < 0.2


def test_a_similar_member_city_must_be_acknowledged_before_submitting(coordinator_client, coordinator):
    CityFactory(name="Kisumu City", country="KE", region="")
    data = complete_application_data(submit="1")
    data["application-proclamation_document"] = pdf_upload()
    response = coordinator_client.post(APPLY, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Similar names in this country" in page
    assert "Kisumu City" in page
    data = complete_application_data(
        submit="1", form_token=data["form_token"], **{"application-distinct_community_confirmed": "on"}
    )
    response = coordinator_client.post(reverse("applications:edit", args=[Application.objects.get().pk]), data)
    assert response.status_code == 302
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_applicant_sees_similar_member_cities_but_not_other_applicants_open_applications(
    coordinator_client, coordinator
):
    ApplicationFactory(
        complete=True, applicant=UserFactory(), name="Kisumu Town", country="KE", status=ApplicationStatus.SUBMITTED
    )
    CityFactory(name="Kisumu City", country="KE", region="")
    coordinator_client.post(APPLY, complete_application_data(save="1"))
    application = Application.objects.get(applicant=coordinator)
    page = coordinator_client.get(reverse("applications:step", args=[application.pk, "community"])).content.decode()
    similar = page.split('id="similar-communities"')[1].split("</div>")[0]
    assert "Kisumu City" in similar  # members are public, and worth a look before applying
    assert "Kisumu Town" not in page and "open application" not in similar


def test_another_applicants_open_application_asks_for_no_confirmation_before_submitting(
    coordinator_client, coordinator
):
    # A request to confirm would tell the applicant that someone else is applying under a similar name.
    ApplicationFactory(
        complete=True, applicant=UserFactory(), name="Kisumu Town", country="KE", status=ApplicationStatus.SUBMITTED
    )
    data = complete_application_data(submit="1")
    data["application-proclamation_document"] = pdf_upload()
    response = coordinator_client.post(APPLY, data)
    assert response.status_code == 302
    assert Application.objects.get(applicant=coordinator).status == ApplicationStatus.SUBMITTED


def test_another_coordinators_application_is_not_found(client, coordinator):
    application = Application.objects.create(applicant=coordinator, name="Ashland")
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    for url in [
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:edit", args=[application.pk]),
        reverse("applications:document", args=[application.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("applications:withdraw", args=[application.pk])).status_code == 404


def test_supporter_confirms_by_the_signed_link_without_an_account(
    coordinator_client, client, coordinator, django_capture_on_commit_callbacks
):
    data = complete_application_data(submit="1")
    data["application-proclamation_document"] = pdf_upload()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(APPLY, data)
    link = next(line for line in mail.outbox[0].body.splitlines() if "/apply/support/" in line)
    path = link[link.index("/apply/support/") :]
    client.logout()
    assert "I confirm my support" in client.get(path).content.decode()
    assert Signatory.objects.filter(confirmed_at__isnull=False).count() == 0  # opening the link confirms nothing
    response = client.post(path)
    assert response.status_code == 200
    assert Signatory.objects.filter(confirmed_at__isnull=False).count() == 1
    assert client.get(path[:-3] + "xyz/").status_code == 404  # a tampered link


def test_private_documents_are_served_only_as_attachments_to_their_owner(coordinator_client, coordinator):
    data = complete_application_data(save="1")
    data["application-proclamation_document"] = pdf_upload()
    coordinator_client.post(APPLY, data)
    application = Application.objects.get()
    assert "applications/" in application.proclamation_document.name
    assert "kisumu" not in application.proclamation_document.name.lower()
    response = coordinator_client.get(reverse("applications:document", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_html_page_with_a_pdf_header_inside_is_refused_as_the_document(coordinator_client, coordinator):
    data = complete_application_data(save="1")
    page_claiming_pdf = b"<html><body><script>fetch('/dashboard/')</script>%PDF-1.7</body></html>"
    data["application-proclamation_document"] = SimpleUploadedFile("proclamation.pdf", page_claiming_pdf)
    response = coordinator_client.post(APPLY, data)
    assert response.status_code == 400
    assert "The document must be a PDF file." in response.content.decode()
    assert not Application.objects.get(applicant=coordinator).proclamation_document


def test_a_truncated_pdf_is_refused_with_a_message_that_says_so(coordinator_client, coordinator):
    data = complete_application_data(save="1")
    data["application-proclamation_document"] = SimpleUploadedFile("proclamation.pdf", PDF_BYTES[:300])
    response = coordinator_client.post(APPLY, data)
    assert response.status_code == 400
    assert "could not be read as a PDF: it may be damaged or incomplete" in response.content.decode()
    assert not Application.objects.get(applicant=coordinator).proclamation_document


def test_a_png_sent_as_a_web_page_is_stored_and_served_as_a_png(coordinator_client, coordinator):
    data = complete_application_data(save="1")
    data["application-new_photos"] = [png_upload("page.html")]
    coordinator_client.post(APPLY, data)
    photo = Application.objects.get(applicant=coordinator).photos.get()
    assert photo.image.name.endswith(".png")

    response = coordinator_client.get(reverse("applications:photo", args=[photo.application_id, photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="page.png"'  # its name, the checked type
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_jpeg_sent_with_a_png_name_is_stored_and_served_as_a_jpeg(coordinator_client, coordinator):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 30)).save(buffer, format="JPEG")
    data = complete_application_data(save="1")
    data["application-new_photos"] = [SimpleUploadedFile("garden.PNG", buffer.getvalue(), content_type="image/png")]
    coordinator_client.post(APPLY, data)
    photo = Application.objects.get(applicant=coordinator).photos.get()
    assert photo.image.name.endswith(".jpg")
    response = coordinator_client.get(reverse("applications:photo", args=[photo.application_id, photo.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'attachment; filename="garden.jpg"'


def test_a_photo_stored_under_a_web_page_name_before_is_still_served_as_what_it_is(coordinator_client, coordinator):
    data = complete_application_data(save="1")
    data["application-new_photos"] = [png_upload()]
    coordinator_client.post(APPLY, data)
    photo = Application.objects.get(applicant=coordinator).photos.get()
    # As photos were stored before their names followed the checked type: under the sender's suffix.
    legacy_name = private_storage.save("applications/legacy/page.html", photo.image.open("rb"))
    photo.image.close()
    ApplicationPhoto.objects.filter(pk=photo.pk).update(image=legacy_name)
    response = coordinator_client.get(reverse("applications:photo", args=[photo.application_id, photo.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="garden.png"'
