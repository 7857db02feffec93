"""People are addressed and introduced by their name in e-mails and pages, never by their e-mail address."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from applications.choices import ApplicationStatus
from applications.review import application_request_changes, application_take_for_review
from applications.services import signatory_invite, signatory_link
from members.services import coordinator_invite
from tests.applications.factories import ApplicationFactory
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    reviewer = UserFactory(is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    return reviewer


def request_changes(applicant, reviewer, capture) -> str:
    application = ApplicationFactory(complete=True, applicant=applicant, status=ApplicationStatus.SUBMITTED)
    application_take_for_review(application=application, reviewer=reviewer)
    with capture(execute=True):
        application_request_changes(application=application, reviewer=reviewer, message="Add the minutes.")
    return mail.outbox[-1].body


def test_a_decision_greets_the_applicant_by_name(reviewer, django_capture_on_commit_callbacks):
    applicant = UserFactory(email="amina@kisumu.example.org", full_name="Amina Otieno", language="en")
    body = request_changes(applicant, reviewer, django_capture_on_commit_callbacks)
    assert "Dear Amina Otieno," in body
    assert "amina@kisumu.example.org" not in body


def test_a_decision_to_an_account_without_a_name_greets_without_the_address(
    reviewer, django_capture_on_commit_callbacks
):
    applicant = UserFactory(email="old@kisumu.example.org", full_name="", language="en")
    body = request_changes(applicant, reviewer, django_capture_on_commit_callbacks)
    assert body.startswith("Hello,\n")  # a plain greeting, never "Dear ," nor the address
    assert "old@kisumu.example.org" not in body


def test_a_supporter_reads_the_applicants_name(django_capture_on_commit_callbacks):
    applicant = UserFactory(email="amina@kisumu.example.org", full_name="Amina Otieno", language="en")
    application = ApplicationFactory(complete=True, applicant=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        signatory_invite(signatory=application.signatories.first())
    body = mail.outbox[-1].body
    assert "Amina Otieno has applied for Kisumu" in body
    assert "amina@kisumu.example.org" not in body


def test_a_supporter_page_introduces_the_applicant_by_name(client):
    applicant = UserFactory(email="amina@kisumu.example.org", full_name="Amina Otieno")
    application = ApplicationFactory(complete=True, applicant=applicant)
    application.signatories.update(confirmed_at=None)  # one who has not answered yet
    link = signatory_link(application.signatories.first())
    page = client.get(link[link.index("/apply/") :]).content.decode()
    assert "Amina Otieno named you" in page
    assert "amina@kisumu.example.org" not in page


def test_a_coordinator_invitation_names_who_invites(django_capture_on_commit_callbacks):
    inviter = CoordinatorFactory(user__full_name="Aiko Tanaka", user__email="aiko@example.org", user__language="en")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_invite(city=inviter.city, invited_by=inviter.user, email="kenji@example.org")
    body = mail.outbox[-1].body
    assert f"Aiko Tanaka invites you to coordinate {inviter.city.name}" in body
    assert "aiko@example.org" not in body


def test_the_lead_liaison_in_the_signatories_table_is_named(client):
    applicant = UserFactory(email="amina@kisumu.example.org", full_name="Amina Otieno")
    application = ApplicationFactory(complete=True, applicant=applicant)
    client.force_login(applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "<td>Amina Otieno</td><td>Lead liaison</td>" in page


def test_the_agreement_links_to_the_principles_in_the_readers_language():
    from django.utils import translation

    from applications.forms import ApplicationForm

    help_text = ApplicationForm.base_fields["principles_accepted"].help_text
    assert str(help_text) == '<a href="/principles/">Read the principles you agree to</a>'
    with translation.override("es"):
        assert str(help_text).startswith('<a href="/es/principles/">')
