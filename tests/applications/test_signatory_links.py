"""A supporter's confirmation link confirms the person it was sent to, and nobody the row stands for later
(issue 13, finding 8): the applicant who replaces a supporter after a request for changes cannot confirm the new
one with the old link."""

import pytest
from django.core import mail
from django.urls import reverse

from applications.choices import ApplicationStatus
from applications.models import Application, Signatory
from applications.services import application_answer, signatory_link

from .conftest import complete_application_data, formset_management, pdf_upload

pytestmark = pytest.mark.django_db

APPLY = "/apply/"


def link_sent_to(email: str) -> str:
    message = [message for message in mail.outbox if message.to == [email]][-1]
    line = next(line for line in message.body.splitlines() if "/apply/support/" in line)
    return line[line.index("/apply/support/") :]


@pytest.fixture
def submitted(coordinator_client, coordinator, django_capture_on_commit_callbacks) -> Application:
    """An application submitted with four supporters, each e-mailed a link; ICP has asked for changes."""
    data = complete_application_data(submit="1")
    data["application-proclamation_document"] = pdf_upload()
    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator_client.post(APPLY, data).status_code == 302
    application = Application.objects.get(applicant=coordinator)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.CHANGES_REQUESTED)
    return application


def edit_supporter(client, application: Application, number: int, **changes: str):
    """The applicant saves the edit form as its page sends it, with one supporter's name or e-mail changed."""
    data = complete_application_data(save="1", form_token=str(application.form_token))
    data.update(formset_management("supporters", 4, initial=4))
    for row, supporter in enumerate(application.signatories.order_by("pk")):
        data[f"supporters-{row}-id"] = str(supporter.pk)
        data[f"supporters-{row}-name"] = supporter.name
        data[f"supporters-{row}-email"] = supporter.email
    data.update(formset_management("initiatives", 2, initial=1))
    data["initiatives-0-id"] = str(application.initiatives.get().pk)
    data.update({f"supporters-{number}-{field}": value for field, value in changes.items()})
    response = client.post(reverse("applications:edit", args=[application.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_old_link_does_not_confirm_a_supporter_whose_email_changed_and_the_new_link_does(
    coordinator_client, client, submitted, django_capture_on_commit_callbacks
):
    old_link = link_sent_to("supporter0@kisumu.example.org")
    edit_supporter(coordinator_client, submitted, 0, name="Someone Else", email="someone@elsewhere.example.org")
    supporter = submitted.signatories.get(email="someone@elsewhere.example.org")
    assert (supporter.invited_at, supporter.confirmed_at) == (None, None)

    # The applicant still holds the link sent to the first supporter (row id unchanged): it names nobody now.
    client.logout()
    assert client.get(old_link).status_code == 404
    response = client.post(old_link)
    assert response.status_code == 404
    assert "I confirm my support" not in response.content.decode()
    supporter.refresh_from_db()
    assert supporter.confirmed_at is None

    # The answer sends the new supporter their own link, which confirms.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_answer(application=submitted, actor=submitted.applicant, message="Supporter replaced.")
    invitations = [message.to for message in mail.outbox if "/apply/support/" in message.body]
    assert invitations == [["someone@elsewhere.example.org"]]
    new_link = link_sent_to("someone@elsewhere.example.org")
    assert client.post(new_link).status_code == 200
    supporter.refresh_from_db()
    assert supporter.confirmed_at is not None
    assert client.post(old_link).status_code == 404  # and the old one stays dead


def test_a_confirmed_supporter_renamed_is_a_new_invitation_and_the_old_link_dies(coordinator_client, client, submitted):
    link = link_sent_to("supporter1@kisumu.example.org")
    client.post(link)
    assert Signatory.objects.get(email="supporter1@kisumu.example.org").confirmed_at is not None

    edit_supporter(coordinator_client, submitted, 1, name="Supporter One Replaced")
    supporter = Signatory.objects.get(email="supporter1@kisumu.example.org")
    assert (supporter.invited_at, supporter.confirmed_at) == (None, None)
    assert client.post(link).status_code == 404
    supporter.refresh_from_db()
    assert supporter.confirmed_at is None


def test_a_supporter_left_unchanged_keeps_their_confirmation_and_link(coordinator_client, client, submitted):
    link = link_sent_to("supporter2@kisumu.example.org")
    client.post(link)
    confirmed_at = Signatory.objects.get(email="supporter2@kisumu.example.org").confirmed_at

    # Another supporter changes; this one is saved as it was, with capitals in the address and extra spaces.
    edit_supporter(coordinator_client, submitted, 3, email="new3@kisumu.example.org")
    edit_supporter(coordinator_client, submitted, 2, name=" Supporter  2 ", email="Supporter2@Kisumu.example.org")
    supporter = Signatory.objects.get(email__iexact="supporter2@kisumu.example.org")
    assert supporter.confirmed_at == confirmed_at
    assert supporter.invited_at is not None
    page = client.get(link)
    assert page.status_code == 200
    assert 'data-testid="support-confirmed"' in page.content.decode()


def test_a_second_leader_replaced_in_the_form_is_a_new_invitation(coordinator_client, client, submitted):
    leader = Signatory.objects.create(
        application=submitted, role="second_leader", name="Ben", email="ben@kisumu.example.org"
    )
    old_link = signatory_link(leader)
    assert client.get(old_link).status_code == 200
    data = complete_application_data(
        save="1",
        form_token=str(submitted.form_token),
        **{"application-second_leader_name": "Eve", "application-second_leader_email": "eve@example.org"},
    )
    data.update(formset_management("supporters", 4, initial=4))
    for row, supporter in enumerate(submitted.signatories.filter(role="supporter").order_by("pk")):
        data |= {
            f"supporters-{row}-id": str(supporter.pk),
            f"supporters-{row}-name": supporter.name,
            f"supporters-{row}-email": supporter.email,
        }
    data.update(formset_management("initiatives", 2, initial=1))
    data["initiatives-0-id"] = str(submitted.initiatives.get().pk)
    assert coordinator_client.post(reverse("applications:edit", args=[submitted.pk]), data).status_code == 302
    leader.refresh_from_db()
    assert leader.email == "eve@example.org"
    assert client.post(old_link).status_code == 404
    leader.refresh_from_db()
    assert leader.confirmed_at is None


def test_staff_correcting_an_address_also_makes_a_new_invitation(submitted):
    supporter = submitted.signatories.order_by("pk").first()
    supporter.confirmed_at = supporter.invited_at
    supporter.save()
    key = supporter.invitation_key
    supporter.email = "corrected@kisumu.example.org"
    supporter.save(update_fields=["email"])
    supporter.refresh_from_db()
    assert (supporter.invited_at, supporter.confirmed_at) == (None, None)
    assert supporter.invitation_key != key
