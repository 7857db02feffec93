"""Every e-mail the portal sends, triggered as it is in use, in English and Spanish, read as its recipient reads it:
no link off the portal, no empty placeholder, nobody addressed by an e-mail address, HTML and text, ICP's address.

Set EMAIL_SAMPLES_DIR to keep each message there as .txt and .html, to read them or open them in a browser."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test.signals import template_rendered
from django.utils import timezone, translation

from applications.choices import SignatoryRole
from applications.notices import reviewer_digests_send
from applications.review import (
    application_approve,
    application_reject,
    application_request_changes,
    application_take_for_review,
)
from applications.services import application_answer, application_submit, signatory_decline, signatory_invite
from initiatives.services import initiative_partner_invite
from members.models import City
from members.services import coordinator_invite, quiet_cities_remind
from partners.services import partner_key_create
from reports.choices import ReportStatus
from reports.services import report_accept, report_reminders_send, report_request_changes, silent_cities_remind
from tests.applications.factories import ApplicationFactory
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory, ReportFactory, UserFactory
from webhooks.services import subscription_create, subscription_disable

from .email_checks import email_problems

pytestmark = pytest.mark.django_db

BASE_URL = "https://portal.citiesofpeace.example.org:8443"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture(autouse=True)
def portal_base_url(settings):
    settings.PORTAL_BASE_URL = BASE_URL


@pytest.fixture
def reviewer():
    reviewer = UserFactory(is_staff=True, full_name="Rosa Reviewer", email="rosa@citiesofpeace.example.org")
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    return reviewer


def submitted(language: str, reviewer=None):
    applicant = UserFactory(language=language, full_name="Amina Odhiambo")
    application = ApplicationFactory(complete=True, applicant=applicant)
    application_submit(application=application, actor=applicant)
    return application


def in_review(language: str, reviewer):
    return application_take_for_review(application=submitted(language), reviewer=reviewer)


# Sign-up asks who the person is (accounts.forms.SignupDetailsForm).
A_PERSON = {"full_name": "Lucía Fernández", "role": "Youth worker"}


def signup(client, language, reviewer):
    client.post(
        "/accounts/signup/",
        {
            **A_PERSON,
            "email": "new@example.org",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )


def signup_with_a_taken_address(client, language, reviewer):
    UserFactory(email="taken@example.org", language=language)
    client.post(
        "/accounts/signup/",
        {
            **A_PERSON,
            "email": "taken@example.org",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )


def add_an_address(client, language, reviewer):
    user = UserFactory(language=language, full_name="Amina Odhiambo")
    client.force_login(user)
    client.post("/accounts/email/", {"action_add": "", "email": "second@example.org"}, HTTP_ACCEPT_LANGUAGE=language)


def reset_password(client, language, reviewer):
    user = UserFactory(language=language, full_name="Amina Odhiambo")
    client.post("/accounts/password/reset/", {"email": user.email}, HTTP_ACCEPT_LANGUAGE=language)


def reset_password_of_no_account(client, language, reviewer):
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"}, HTTP_ACCEPT_LANGUAGE=language)


def submit(client, language, reviewer):
    submitted(language)


def awaiting_supporters(language: str):
    """A submitted application whose supporters have been invited and not answered yet."""
    application = submitted(language)
    application.refresh_from_db()
    application.signatories.update(confirmed_at=None)
    return application


def invite_a_supporter(client, language, reviewer):
    signatory_invite(signatory=awaiting_supporters(language).signatories.first())


def decline_to_support(client, language, reviewer):
    application = awaiting_supporters(language)
    signatory_decline(signatory=application.signatories.filter(role=SignatoryRole.SUPPORTER).first())


def answer_a_request_for_changes(client, language, reviewer):
    application = application_request_changes(
        application=in_review(language, reviewer), reviewer=reviewer, message="Please add the council minutes."
    )
    application_answer(application=application, actor=application.applicant, message="The minutes are attached.")


def request_changes(client, language, reviewer):
    application_request_changes(
        application=in_review(language, reviewer), reviewer=reviewer, message="Please add the council minutes."
    )


def reject(client, language, reviewer):
    application_reject(application=in_review(language, reviewer), reviewer=reviewer, reason="Outside any region.")


def approve(client, language, reviewer):
    application_approve(application=in_review(language, reviewer), reviewer=reviewer, message="Welcome!")


def daily_digest(client, language, reviewer, settings=None):
    from django.conf import settings as django_settings

    reviewer.language = language
    reviewer.save(update_fields=["language"])
    previous = django_settings.ICP_REVIEWER_NOTICES
    django_settings.ICP_REVIEWER_NOTICES = "daily"
    try:
        submitted(language)
        answer_a_request_for_changes(client, language, reviewer)
        mail.outbox.clear()
        reviewer_digests_send()
    finally:
        django_settings.ICP_REVIEWER_NOTICES = previous


def invite_a_coordinator(client, language, reviewer):
    coordinator = CoordinatorFactory(user__language=language)
    coordinator_invite(city=coordinator.city, invited_by=coordinator.user, email="colleague@example.org")


def remind_a_quiet_city(client, language, reviewer):
    city = CityFactory(name="Quiet Town")
    CoordinatorFactory(city=city, user__language=language)
    City.objects.filter(pk=city.pk).update(updated_at=timezone.now() - timedelta(days=400))
    quiet_cities_remind()


def invite_a_partner_city(client, language, reviewer):
    organiser = CoordinatorFactory(user__full_name="Ana Organiser")
    partner = CoordinatorFactory(user__language=language, user__full_name="Paz Partner")
    initiative = InitiativeFactory(city=organiser.city, title="Peace garden")
    initiative_partner_invite(initiative=initiative, city=partner.city, invited_by=organiser.user)


def disable_a_failing_webhook_subscription(client, language, reviewer):
    partner_key, _key = partner_key_create(organisation="Mayors for Peace")
    subscription, _secret = subscription_create(
        partner_key=partner_key,
        target_url="https://93.184.215.14/hooks",
        events=["city.approved"],
        contact_email="t@p.org",
    )
    # A partner has no language of their own: the e-mail is in the language of the moment it is sent.
    with translation.override(language):
        subscription_disable(subscription=subscription, reason="HTTP 503", notify=True)


def submitted_report(language: str):
    city = CityFactory(name="Kisumu", member_since=timezone.localdate().replace(year=2015, day=1))
    CoordinatorFactory(city=city, user__language=language, user__full_name="Amina Odhiambo")
    return ReportFactory(city=city, year=timezone.localdate().year, complete=True, status=ReportStatus.SUBMITTED)


def ask_for_changes_to_a_report(client, language, reviewer):
    report_request_changes(report=submitted_report(language), reviewer=reviewer, message="Add the festival, please.")


def accept_a_report(client, language, reviewer):
    report_accept(report=submitted_report(language), reviewer=reviewer)


def remind_of_the_report_window(client, language, reviewer, *, days_before_closing: int | None = None):
    city = CityFactory(name="Kisumu", member_since=timezone.localdate().replace(year=2015, month=6, day=1))
    CoordinatorFactory(city=city, user__language=language, user__full_name="Amina Odhiambo")
    closes = timezone.localdate().replace(month=6, day=1) + timedelta(days=90)
    report_reminders_send(today=closes - timedelta(days=days_before_closing or 80))


def remind_of_the_closing_report_window(client, language, reviewer):
    remind_of_the_report_window(client, language, reviewer, days_before_closing=10)


def list_the_silent_cities_to_staff(client, language, reviewer):
    CityFactory(name="Quiet Town", member_since=timezone.localdate().replace(year=2015, day=1))
    reviewer.is_superuser = True
    reviewer.save(update_fields=["is_superuser"])
    silent_cities_remind(today=timezone.localdate().replace(year=2028))


# Each e-mail of the portal (its templates' prefix) and what sends it.
EVERY_EMAIL = {
    "account/email/email_confirmation_signup": signup,
    "account/email/account_already_exists": signup_with_a_taken_address,
    "account/email/email_confirmation": add_an_address,
    "account/email/password_reset_key": reset_password,
    "account/email/unknown_account": reset_password_of_no_account,
    "applications/email/signatory_invitation": invite_a_supporter,
    "applications/email/receipt": submit,
    "applications/email/signatory_declined": decline_to_support,
    "applications/email/reviewer_notice": answer_a_request_for_changes,
    "applications/email/decision_changes_requested": request_changes,
    "applications/email/decision_rejected": reject,
    "applications/email/decision_approved": approve,
    "applications/email/reviewer_digest": daily_digest,
    "members/email/coordinator_invitation": invite_a_coordinator,
    "members/email/quiet_city_reminder": remind_a_quiet_city,
    "initiatives/email/partner_invitation": invite_a_partner_city,
    "webhooks/email/subscription_disabled": disable_a_failing_webhook_subscription,
    "reports/email/changes_requested": ask_for_changes_to_a_report,
    "reports/email/accepted": accept_a_report,
    "reports/email/window_opens": remind_of_the_report_window,
    "reports/email/window_closing": remind_of_the_closing_report_window,
    "reports/email/silent_cities": list_the_silent_cities_to_staff,
}


def test_every_email_template_of_the_portal_is_exercised_here():
    # The frames (templates/email/, allauth's base_message) wrap the e-mails; they are not e-mails of their own.
    prefixes = {
        str(path.relative_to(TEMPLATES)).removesuffix("_message.txt")
        for path in TEMPLATES.glob("**/email/*_message.txt")
        if path.name != "base_message.txt"
    }
    assert prefixes == set(EVERY_EMAIL)
    subjects = {
        str(path.relative_to(TEMPLATES)).removesuffix("_subject.txt")
        for path in TEMPLATES.glob("**/email/*_subject.txt")
    }
    assert subjects <= set(EVERY_EMAIL)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("prefix", list(EVERY_EMAIL))
def test_every_email_reads_right(prefix, language, client, reviewer, django_capture_on_commit_callbacks):
    reviewer.language = language  # everyone in the e-mail's language, ICP's reviewer too
    reviewer.save(update_fields=["language"])
    rendered = []

    def record(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            EVERY_EMAIL[prefix](client, language, reviewer)
    finally:
        template_rendered.disconnect(record)

    assert f"{prefix}_message.txt" in rendered
    assert mail.outbox, "no e-mail sent"
    for message in mail.outbox:
        assert email_problems(message, BASE_URL) == [], message.body
        if language == "es":  # in the recipient's language, frame and content
            assert "Con un cordial saludo" in message.body and "Thank you" not in message.body, message.body
    _keep_samples(prefix, language, mail.outbox)


def _keep_samples(prefix: str, language: str, messages) -> None:
    directory = os.environ.get("EMAIL_SAMPLES_DIR")
    if not directory:
        return
    for number, message in enumerate(messages):
        stem = Path(directory) / f"{prefix.replace('/', '-')}-{language}-{number}"
        stem.parent.mkdir(parents=True, exist_ok=True)
        stem.with_suffix(".txt").write_text(f"To: {message.to[0]}\nSubject: {message.subject}\n\n{message.body}")
        stem.with_suffix(".html").write_text(message.alternatives[0][0] if message.alternatives else "")
