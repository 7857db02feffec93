"""No secret outlives its e-mail in our database: the text of a waiting message is stored encrypted, dropped once
the mail server took it, and never shown to staff (issue 13, finding 1)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from outbox.fields import UnreadableBody, decrypt, encrypt
from outbox.models import OutboundEmail
from outbox.services import email_queue, outbound_email_send, pending_emails_send
from tests.factories import UserFactory
from tests.outbox.test_outbox import FailingOnceBackend

pytestmark = pytest.mark.django_db

RESET_LINK = "https://portal.example.org/accounts/password/reset/key/7-c3cr3t-t0k3n/"


def stored_columns(message_id: int) -> tuple[str, str]:
    """What the database holds, read past the model."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT body, html_body FROM outbox_outboundemail WHERE id = %s", [message_id])
        return cursor.fetchone()


def test_the_text_of_a_waiting_email_is_stored_encrypted_and_read_back_plain():
    message = email_queue(
        to="amina@example.org", subject="Reset", body=f"Open {RESET_LINK}", html_body=f'<a href="{RESET_LINK}">'
    )
    body, html_body = stored_columns(message.pk)
    assert "c3cr3t-t0k3n" not in body + html_body
    assert body.startswith("gAAAAA") and html_body.startswith("gAAAAA")  # Fernet tokens
    assert OutboundEmail.objects.get().body == f"Open {RESET_LINK}"


def test_the_text_is_dropped_once_the_mail_server_took_the_message():
    message = email_queue(to="amina@example.org", subject="Reset", body=RESET_LINK, html_body=f"<p>{RESET_LINK}</p>")
    assert outbound_email_send(message_id=message.pk) is True
    assert mail.outbox[0].body == RESET_LINK and mail.outbox[0].alternatives[0][0] == f"<p>{RESET_LINK}</p>"
    assert stored_columns(message.pk) == ("", "")
    sent = OutboundEmail.objects.get()
    assert sent.sent_at is not None and sent.subject == "Reset" and sent.to == "amina@example.org"


def test_a_send_that_failed_keeps_the_text_for_the_retry(settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.FailingOnceBackend"
    FailingOnceBackend.failures_left = 1
    message = email_queue(to="amina@example.org", subject="Reset", body=RESET_LINK)
    with pytest.raises(ConnectionRefusedError):
        outbound_email_send(message_id=message.pk)
    assert OutboundEmail.objects.get().body == RESET_LINK
    assert pending_emails_send() == 1
    assert mail.outbox[0].body == RESET_LINK
    assert stored_columns(message.pk) == ("", "")


def test_messages_written_before_a_change_of_secret_key_are_read_with_the_old_key_in_the_fallbacks(settings):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the-old-key-" + "o" * 40, []
    message = email_queue(to="amina@example.org", subject="Reset", body=RESET_LINK)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the-new-key-" + "n" * 40, ["the-old-key-" + "o" * 40]
    assert outbound_email_send(message_id=message.pk) is True
    assert mail.outbox[0].body == RESET_LINK


def test_a_message_whose_key_is_gone_is_not_sent_and_says_why(settings):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the-old-key-" + "o" * 40, []
    message = email_queue(to="amina@example.org", subject="Reset", body=RESET_LINK)
    settings.SECRET_KEY = "the-new-key-" + "n" * 40
    with pytest.raises(UnreadableBody):
        outbound_email_send(message_id=message.pk)
    waiting = OutboundEmail.objects.defer("body", "html_body").get()
    assert mail.outbox == [] and waiting.sent_at is None and waiting.claimed_until is None
    assert "key this server does not have" in waiting.last_error


def test_a_reviewer_cannot_read_the_password_reset_link_of_a_superuser(client):
    """The attack of the finding: anyone asks for a reset of the superuser's password, a Reviewer reads the link."""
    superuser = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.post("/accounts/password/reset/", {"email": superuser.email})
    message = OutboundEmail.objects.get(to=superuser.email)
    key = re.search(r"/accounts/password/reset/key/([^/\s]+)/", message.body).group(1)
    reviewer = UserFactory(is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(reviewer)

    for url in ["/admin/outbox/outboundemail/", f"/admin/outbox/outboundemail/{message.pk}/change/"]:
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert key not in html and "/password/reset/key/" not in html, url
        assert superuser.email in html  # the recipient and the subject are what staff see
    page = client.get(f"/admin/outbox/outboundemail/{message.pk}/change/").content.decode()
    assert "Sent at" in page and "Attempts" in page and "Last error" in page


def migrate_to(target: tuple[str, str]):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_waiting_messages_and_blanks_the_text_of_sent_ones():
    old_apps = migrate_to(("outbox", "0002_claim_with_a_lease"))
    try:
        OldEmail = old_apps.get_model("outbox", "OutboundEmail")
        waiting = OldEmail.objects.create(to="a@example.org", subject="Reset", body=RESET_LINK, html_body=RESET_LINK)
        sent = OldEmail.objects.create(
            to="b@example.org", subject="Reset", body=RESET_LINK, html_body=RESET_LINK, sent_at="2026-11-30T10:00Z"
        )
        migrate_to(("outbox", "0003_encrypted_body"))
        assert all(RESET_LINK not in column for column in stored_columns(waiting.pk))
        assert decrypt(stored_columns(waiting.pk)[0]) == RESET_LINK
        assert stored_columns(sent.pk) == ("", "")
        assert OutboundEmail.objects.get(pk=waiting.pk).html_body == RESET_LINK

        migrate_to(("outbox", "0002_claim_with_a_lease"))  # and back: the waiting text is plain again
        assert stored_columns(waiting.pk) == (RESET_LINK, RESET_LINK)
    finally:
        migrate_to(("outbox", "0003_encrypted_body"))


def test_an_empty_text_stays_empty_and_text_round_trips():
    assert encrypt("") == "" and decrypt("") == ""
    assert decrypt(encrypt("héllo ✓")) == "héllo ✓"
    assert encrypt("same") != encrypt("same")  # a fresh token each time: equal texts are not seen as equal
