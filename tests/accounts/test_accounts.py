"""Accounts at /accounts/: sign up with e-mail, verify by the link, sign in; mail goes through the outbox."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from members.models import User
from outbox.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

A_PERSON = {"full_name": "Amina Otieno", "role": "Chair of the peace committee"}


def test_sign_up_sends_a_verification_link_that_signs_the_coordinator_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                **A_PERSON,
                "email": "Amina@Kisumu.example.org",
                "password1": "lake-victoria-2030",
                "password2": "lake-victoria-2030",
            },
        )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "amina@kisumu.example.org"
    assert OutboundEmail.objects.get().sent_at is not None
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    path = link[link.index("/accounts/") :]
    # not verified yet: signing in leads to the verification notice, not the dashboard
    assert client.get("/dashboard/").status_code == 302
    response = client.post(path)
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_sign_up_errors_are_shown_next_to_the_fields_and_keep_the_email(client):
    response = client.post("/accounts/signup/", {"email": "amina@example.org", "password1": "short", "password2": "x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="amina@example.org"' in page
    assert "errorlist" in page
    assert not User.objects.exists()


def test_an_email_cannot_sign_up_twice_whatever_its_case(client):
    UserFactory(email="amina@example.org")
    client.post(
        "/accounts/signup/",
        {
            **A_PERSON,
            "email": "AMINA@example.org",
            "password1": "lake-victoria-2030",
            "password2": "lake-victoria-2030",
        },
    )
    assert User.objects.count() == 1


def test_password_reset_mails_a_link(client, django_capture_on_commit_callbacks):
    UserFactory(email="amina@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "amina@example.org"})
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_an_address_longer_than_any_mailbox_is_refused_on_the_form(client):
    # Django's EmailField takes 320 characters; a deliverable address (and the columns) has at most 254.
    address = "a" * 200 + "@" + "b" * 60 + ".example.org"
    response = client.post("/accounts/password/reset/", {"email": address})
    assert "at most 254 characters" in response.content.decode()
    assert not OutboundEmail.objects.exists()


def test_account_pages_answer_in_spanish_and_french(client):
    assert 'lang="es"' in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    page = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="fr"' in page
    assert "Mot de passe" in page


def test_the_language_of_sign_up_is_remembered_for_later_emails(client):
    client.post(
        "/accounts/signup/",
        {
            **A_PERSON,
            "email": "lucia@example.org",
            "password1": "lake-victoria-2030",
            "password2": "lake-victoria-2030",
        },
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert User.objects.get().language == "es"


def test_five_failed_sign_ins_lock_the_account_for_a_while_not_forever(client):
    UserFactory(email="amina@example.org")
    for _attempt in range(5):
        client.post("/accounts/login/", {"login": "amina@example.org", "password": "wrong-password"})
    locked = client.post("/accounts/login/", {"login": "amina@example.org", "password": "a-long-test-password"})
    assert "_auth_user_id" not in client.session
    assert locked.status_code in (200, 429)
    assert "Too many failed login attempts" in locked.content.decode()
    cache.clear()  # the cool-off period has passed
    client.post("/accounts/login/", {"login": "amina@example.org", "password": "a-long-test-password"})
    assert "_auth_user_id" in client.session


def test_staff_sign_in_to_admin_goes_through_the_accounts_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 302 and follow["Location"].startswith("/accounts/login/?next=%2Fadmin%2F")


def test_a_signed_in_coordinator_is_refused_admin_without_a_redirect_loop(client):
    client.force_login(UserFactory())
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403


def test_signed_in_staff_opening_the_admin_sign_in_page_go_on_to_admin(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/login/?next=/admin/members/city/")["Location"] == "/admin/members/city/"
    assert client.get("/admin/login/?next=https://elsewhere.example/")["Location"] == "/admin/"


def test_two_factor_sign_in_can_be_set_up(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/accounts/2fa/").status_code == 200


@pytest.mark.parametrize(
    ("language", "greeting"),
    [
        ("en", "Thank you for signing up on the portal of International Cities of Peace."),
        ("es", "Gracias por registrarse en el portal de International Cities of Peace."),
    ],
)
def test_verification_e_mail_names_the_site_and_links_to_the_portal_address(
    client, settings, django_capture_on_commit_callbacks, language, greeting
):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                **A_PERSON,
                "email": "lucia@example.org",
                "password1": "lake-victoria-2030",
                "password2": "lake-victoria-2030",
            },
            HTTP_ACCEPT_LANGUAGE=language,
        )
    body = mail.outbox[0].body
    assert greeting in body
    assert "International Cities of Peace" in body
    assert "portal.example.org" in body  # the site's domain: where the account is
    # An empty placeholder leaves a space before the punctuation: "Hello from !", "on .".
    assert not re.search(r"\s[!.,;:]", body), body
    links = re.findall(r"https?://\S+", body)
    assert links and all(link.startswith("https://portal.example.org/") for link in links)
    # in the language the person signed up in: a Spanish sign-up confirms on a Spanish page
    confirm = "https://portal.example.org" + ("/es" if language == "es" else "") + "/accounts/confirm-email/"
    assert any(link.startswith(confirm) for link in links)


def test_password_reset_link_leads_to_the_portal_address_not_the_requests_host(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    UserFactory(email="amina@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "amina@example.org"})
    links = re.findall(r"https?://\S+", mail.outbox[0].body)
    assert links and all(link.startswith("https://portal.example.org/") for link in links)  # the frame links home
    assert any(link.startswith("https://portal.example.org/accounts/password/reset/key/") for link in links)


def test_the_password_reset_link_opens_in_the_recipients_language_whatever_page_asked_for_it(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    UserFactory(email="amina@example.org", language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ja/accounts/password/reset/", {"email": "amina@example.org"})
    assert "https://portal.example.org/ar/accounts/password/reset/key/" in mail.outbox[0].body
    assert '<html lang="ar" dir="rtl">' in mail.outbox[0].alternatives[0][0]


# Who the person is: asked once at sign-up, from older accounts at their next visit, and kept in settings.


def test_sign_up_asks_the_persons_name_role_and_optional_phone_once(client):
    page = client.get("/accounts/signup/").content.decode()
    assert page.index('name="full_name"') < page.index('name="email"')  # the person first, then how they sign in
    assert 'name="role"' in page and 'type="tel"' in page
    client.post(
        "/accounts/signup/",
        {
            "full_name": "  Amina   Otieno ",
            "role": "Chair of the peace committee",
            "phone": "+254 20 123 4567",
            "email": "amina@example.org",
            "password1": "lake-victoria-2030",
            "password2": "lake-victoria-2030",
        },
    )
    user = User.objects.get()
    assert (user.full_name, user.role) == ("Amina Otieno", "Chair of the peace committee")
    assert user.phone == "+254 20 123 4567"


def test_sign_up_without_a_name_or_role_says_so_next_to_them_and_keeps_what_was_typed(client):
    response = client.post(
        "/accounts/signup/",
        {"full_name": " ", "phone": "call me", "email": "amina@example.org", "password1": "lake-victoria-2030"},
    )
    page = response.content.decode()
    assert 'id="id_full_name_error"' in page and 'id="id_role_error"' in page and 'id="id_phone_error"' in page
    assert 'value="amina@example.org"' in page and 'value="call me"' in page
    assert not User.objects.exists()


def test_a_signed_in_account_without_a_name_is_asked_for_it_then_goes_on(client):
    user = UserFactory(full_name="", role="")
    client.force_login(user)
    response = client.get("/dashboard/?tab=cities")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/details/?next=%2Fdashboard%2F%3Ftab%3Dcities"
    page = client.get(response["Location"]).content.decode()
    assert 'name="full_name"' in page and 'value="/dashboard/?tab=cities"' in page
    response = client.post(
        "/accounts/details/", {"full_name": "Amina Otieno", "role": "Teacher", "next": "/dashboard/?tab=cities"}
    )
    assert response["Location"] == "/dashboard/?tab=cities"
    user.refresh_from_db()
    assert (user.full_name, user.role) == ("Amina Otieno", "Teacher")
    assert client.get("/dashboard/").status_code == 200


def test_the_name_request_never_blocks_signing_out_the_api_or_a_form_being_sent(client):
    client.force_login(UserFactory(full_name=""))
    assert client.get("/es/dashboard/")["Location"].startswith("/es/accounts/details/")
    assert client.get("/accounts/logout/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/api/v1/cities/").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    # a form sent by an account without a name is handled, not redirected (and lost)
    assert "/accounts/details/" not in client.post("/apply/", {}).get("Location", "")


def test_the_details_page_sends_no_one_to_another_site(client):
    client.force_login(UserFactory(full_name=""))
    response = client.post(
        "/accounts/details/", {"full_name": "Amina Otieno", "role": "Teacher", "next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/dashboard/"


def test_account_settings_change_name_role_phone_and_the_language_of_emails(client):
    user = UserFactory(full_name="Amina Otieno", role="Teacher", language="en")
    client.force_login(user)
    page = client.get("/accounts/settings/").content.decode()
    assert 'value="Amina Otieno"' in page and "Language of the portal and of the e-mails ICP sends you" in page
    response = client.post(
        "/accounts/settings/",
        {"full_name": "Amina A. Otieno", "role": "Mayor's office", "phone": "(020) 123-4567", "language": "fr"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.role, user.phone, user.language) == (
        "Amina A. Otieno",
        "Mayor's office",
        "(020) 123-4567",
        "fr",
    )


def test_account_settings_refuse_an_empty_name_and_keep_the_other_answers(client):
    user = UserFactory(full_name="Amina Otieno", role="Teacher")
    client.force_login(user)
    response = client.post("/accounts/settings/", {"full_name": "", "role": "Mayor's office", "language": "es"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_full_name_error"' in page and 'value="Mayor&#x27;s office"' in page
    user.refresh_from_db()
    assert user.full_name == "Amina Otieno"


def test_account_settings_are_for_signed_in_people_only(client):
    assert client.get("/accounts/settings/")["Location"].startswith("/accounts/login/")
    assert client.get("/accounts/details/")["Location"].startswith("/accounts/login/")


def test_signed_in_message_names_the_person_not_their_address(client):
    UserFactory(email="amina@example.org", full_name="Amina Otieno")
    response = client.post(
        "/accounts/login/", {"login": "amina@example.org", "password": "a-long-test-password"}, follow=True
    )
    page = response.content.decode()
    assert "Amina Otieno" in page
    assert "signed in as amina@example.org" not in page


def test_a_person_is_greeted_by_name_and_never_by_their_address():
    named = User(email="amina@example.org", full_name="Amina Otieno")
    unnamed = User(email="old@example.org")
    assert (named.greeting_name, named.introduced_as) == ("Amina Otieno", "Amina Otieno")
    assert "@" not in unnamed.greeting_name and "@" not in unnamed.introduced_as
    assert unnamed.introduced_as == "The applicant"


# allauth's German says "du"; ICP writes "Sie". Whole words, so that "Dunkel" or "Kunden" would not count.
INFORMAL_GERMAN = re.compile(
    r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|gib|kontaktiere|bestätige)\b", re.I
)


def main_text(page: str) -> str:
    """The page's own words: its <main>, without tags."""
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"<[^>]+>", " ", main)


def test_the_german_sign_in_page_and_its_error_address_the_reader_as_sie(client):
    page = main_text(client.get("/de/accounts/login/").content.decode())
    assert "Sie haben noch kein Konto?" in page and "registrieren Sie sich" in page
    assert not INFORMAL_GERMAN.findall(page)
    UserFactory(email="amina@kisumu.example.org")
    failed = main_text(
        client.post(
            "/de/accounts/login/", {"login": "amina@kisumu.example.org", "password": "not-her-password"}
        ).content.decode()
    )
    assert "Die E-Mail-Adresse und/oder das Passwort sind nicht korrekt." in failed
    assert not INFORMAL_GERMAN.findall(failed)


@pytest.mark.parametrize(
    "path", ["/de/accounts/signup/", "/de/accounts/password/reset/", "/de/accounts/confirm-email/"]
)
def test_the_german_sign_up_reset_and_confirmation_pages_say_sie(client, path):
    page = main_text(client.get(path).content.decode())
    assert "Sie" in page
    assert not INFORMAL_GERMAN.findall(page)


def test_a_german_sign_up_with_a_bad_address_is_told_so_formally(client):
    page = main_text(client.post("/de/accounts/signup/", {**A_PERSON, "email": "not-an-address"}).content.decode())
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein." in page
    assert not INFORMAL_GERMAN.findall(page)


def test_the_portuguese_sign_in_page_reads_the_same_in_brazil_and_portugal(client):
    page = main_text(client.get("/pt/accounts/login/").content.decode())
    assert "Ainda não tem uma conta?" in page and "Esqueceu a senha?" in page and "Manter a sessão iniciada" in page
    failed = main_text(
        client.post(
            "/pt/accounts/login/", {"login": "nobody@example.org", "password": "wrong-password-1"}
        ).content.decode()
    )
    assert "O endereço de e-mail ou a senha não estão corretos." in failed
    # Portugal's words (allauth's own catalog) that a reader in Brazil would stumble on
    for portugal_only in ["palavra-passe", "Iniciar sessão", "Esqueceu-se", "Lembrar-me", "especificou"]:
        assert portugal_only not in page + failed, portugal_only


def test_the_sign_up_and_reset_e_mails_subjects_say_sie_in_german_and_senha_in_portuguese(
    client, django_capture_on_commit_callbacks
):
    # The subjects come from allauth's templates: its German says "bestätige deine", its Portuguese "palavra-passe".
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/de/accounts/signup/",
            {
                **A_PERSON,
                "email": "greta@example.org",
                "password1": "lake-constance-2030",
                "password2": "lake-constance-2030",
            },
        )
    UserFactory(email="joana@example.org", language="pt")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/pt/accounts/password/reset/", {"email": "joana@example.org"})
    german, portuguese = (message.subject for message in mail.outbox)
    assert german == "[Cities of Peace] Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert portuguese == "[Cities of Peace] Redefinição de senha"
