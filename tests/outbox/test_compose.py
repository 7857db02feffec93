"""The composer: one content, a text and an HTML part, the recipient's language, the portal's frame."""

import pytest
from django.core import mail
from django.utils import translation

from outbox.compose import PORTAL_NAME, email_compose, email_compose_and_queue, recipient_language, recipient_name
from outbox.models import OutboundEmail
from tests.factories import CityFactory, UserFactory

from .email_checks import email_problems

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def portal(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    settings.ICP_CONTACT_EMAIL = "hello@icp.example.org"


def reminder(**overrides):
    arguments = {
        "template_prefix": "members/email/quiet_city_reminder",
        "context": {"city": CityFactory.build(name="Quiet <Town>", slug="quiet-town")},
        "to": "amina@example.org",
        "language": "en",
        "name": "Amina Odhiambo",
    }
    return email_compose(**{**arguments, **overrides})


def test_text_and_html_say_the_same_with_the_name_the_contact_address_and_the_portal():
    email = reminder()
    assert email.subject == "Quiet <Town>: time to update your City of Peace page"
    assert email.text.startswith("Dear Amina Odhiambo,\n\nThe page of Quiet <Town> on the portal")
    assert "https://portal.example.org/dashboard/cities/quiet-town/" in email.text
    assert "hello@icp.example.org" in email.text and PORTAL_NAME in email.text
    assert "Dear Amina Odhiambo," in email.html
    assert "Quiet &lt;Town&gt;" in email.html and "<Town>" not in email.html  # what people typed is escaped
    assert '<a href="https://portal.example.org/dashboard/cities/quiet-town/">' in email.html
    assert '<a href="mailto:hello@icp.example.org">hello@icp.example.org</a>' in email.html


def test_without_a_name_the_e_mail_says_hello_not_dear_nobody():
    email = reminder(name="")
    assert email.text.startswith("Hello,\n\n")
    assert "Dear" not in email.text and "Dear" not in email.html


def test_the_e_mail_is_in_the_language_asked_whatever_the_language_of_the_request():
    with translation.override("fr"):
        email = reminder(language="es")
        assert translation.get_language() == "fr"
    assert "Estimad" in email.text or "Hola" in email.text
    assert '<html lang="es">' in email.html


@pytest.mark.parametrize(("language", "html"), [("ar", '<html lang="ar" dir="rtl">'), ("ja", '<html lang="ja">')])
def test_an_arabic_e_mail_reads_right_to_left_and_every_language_of_the_portal_is_a_recipients(language, html):
    assert recipient_language(UserFactory.build(language=language)) == language
    email = reminder(language=language)
    assert html in email.html


def test_the_html_loads_nothing_from_elsewhere():
    html = reminder().html
    assert "<img" not in html and "<link" not in html and "url(" not in html and "<script" not in html


def test_a_queued_e_mail_is_sent_with_both_parts_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = reminder_queued()
    queued.refresh_from_db()
    assert queued.html_body == "" and queued.body == ""  # dropped once sent
    (message,) = mail.outbox
    assert email_problems(message, "https://portal.example.org") == []


def reminder_queued() -> OutboundEmail:
    return email_compose_and_queue(
        template_prefix="members/email/quiet_city_reminder",
        context={"city": CityFactory(name="Quiet Town")},
        to="amina@example.org",
        language="en",
        name="Amina Odhiambo",
    )


def test_a_person_is_addressed_by_name_never_by_e_mail_address():
    assert recipient_name(UserFactory.build(full_name="Amina Odhiambo", email="amina@example.org")) == "Amina Odhiambo"
    assert recipient_name(UserFactory.build(full_name="", email="amina@example.org")) == ""
    assert recipient_name(None) == ""


def test_the_recipients_language_wins_over_the_language_the_e_mail_was_triggered_in():
    with translation.override("fr"):
        assert recipient_language(UserFactory.build(language="es")) == "es"
        assert recipient_language(None) == "fr"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Hello from !", "nothing before punctuation"),
        ("Dear ,", "greeting with no name"),
        ("Welcome on .", "nothing before punctuation"),
        ("City of Peace number None.", "None"),
        ("Dear {{ name }},", "template tag"),
        ("Dear amina@example.org,", "addressed by an e-mail address"),
        ("Open http://127.0.0.1:8000/dashboard/", "off the portal"),
    ],
)
def test_the_checks_find_what_a_reader_would_stumble_on(text, problem):
    message = mail.EmailMultiAlternatives("Subject", f"{text}\n\nhello@icp.example.org {PORTAL_NAME}", to=["a@b.org"])
    message.attach_alternative(f"<p>hello@icp.example.org {PORTAL_NAME}</p>", "text/html")
    problems = email_problems(message, "https://portal.example.org")
    assert any(problem in found for found in problems), problems


def test_the_checks_want_an_html_part_and_the_contact_address():
    problems = email_problems(mail.EmailMessage("Subject", "Plain text only.", to=["a@b.org"]), "https://x.org")
    assert "no HTML alternative" in problems
    assert any("no contact address" in problem for problem in problems)
