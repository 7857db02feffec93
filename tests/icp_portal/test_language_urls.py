"""The language in the address: /es/... and /fr/... open in that language, English at /en/... or unprefixed.

Addresses without a prefix (every link sent before) keep answering in the visitor's language, as before.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize(
    ("path", "language"),
    [("/es/cities/", "es"), ("/fr/cities/", "fr"), ("/en/cities/", "en"), ("/es/", "es"), ("/fr/progress/", "fr")],
)
def test_a_link_with_a_language_opens_in_that_language_whatever_the_browser_says(client, path, language):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="de, en;q=0.1" if language != "en" else "es")
    assert response.status_code == 200
    assert html_lang(response) == language


def test_a_spanish_link_keeps_the_reader_in_spanish(client):
    city = CityFactory(name="Ashland")
    page = client.get("/es/cities/").content.decode()
    assert f'href="/es/cities/{city.slug}/"' in page
    response = client.get(f"/es/cities/{city.slug}/")
    assert response.status_code == 200 and html_lang(response) == "es"
    assert "Ashland" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/cities/", "/map/", "/progress/", "/initiatives/", "/privacy/", "/principles/"])
def test_old_addresses_without_a_language_still_answer_in_the_visitors_language(client, path):
    assert html_lang(client.get(path)) == "en"
    assert html_lang(client.get(path, HTTP_ACCEPT_LANGUAGE="fr")) == "fr"
    client.cookies["django_language"] = "es"
    assert html_lang(client.get(path)) == "es"


def test_english_is_unprefixed_in_links(client):
    with translation.override("en"):
        assert reverse("members:city_list") == "/cities/"
    with translation.override("es"):
        assert reverse("members:city_list") == "/es/cities/"


@pytest.mark.parametrize("path", ["/api/v1/cities/", "/api/schema/", "/sitemap.xml"])
def test_the_api_health_check_and_sitemap_stay_without_a_language(client, path):
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="es").status_code in (200, 503)
    assert client.get(f"/es{path}").status_code == 404


def test_admin_has_one_address_and_a_language_prefix_leads_there_in_that_language(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/es/admin/", follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert html_lang(response) == "es"


def test_signing_up_in_spanish_sends_a_spanish_link(client, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/es/accounts/signup/",
            {
                "full_name": "Lucía Pérez",
                "role": "Coordinadora",
                "email": "lucia@example.org",
                "password1": "lake-victoria-2030",
                "password2": "lake-victoria-2030",
            },
        )
    assert "/es/accounts/confirm-email/" in mailoutbox[0].body


def test_public_pages_name_their_versions_in_every_language(client, settings):
    settings.PORTAL_BASE_URL = "https://portal.citiesofpeace.org"
    page = client.get("/es/cities/?country=US").content.decode()
    base = "https://portal.citiesofpeace.org"
    assert f'<link rel="alternate" hreflang="en" href="{base}/en/cities/?country=US">' in page
    assert f'<link rel="alternate" hreflang="es" href="{base}/es/cities/?country=US">' in page
    assert f'<link rel="alternate" hreflang="fr" href="{base}/fr/cities/?country=US">' in page
    assert f'<link rel="alternate" hreflang="x-default" href="{base}/cities/?country=US">' in page


def test_a_page_that_does_not_exist_names_no_versions(client):
    page = client.get("/es/no-such-page/").content.decode()
    assert 'hreflang="' not in page


def test_the_footer_switcher_sends_the_reader_to_the_same_page_in_the_chosen_language(client):
    city = CityFactory(name="Ashland")
    page = client.get(f"/cities/{city.slug}/").content.decode()
    footer = page[page.index('class="site-footer"') :]
    assert f'name="next" value="/fr/cities/{city.slug}/"' in footer
    assert f'name="next" value="/es/cities/{city.slug}/"' in footer
    response = client.post("/i18n/setlang/", {"language": "fr", "next": f"/fr/cities/{city.slug}/"})
    assert response["Location"] == f"/fr/cities/{city.slug}/"
    assert html_lang(client.get(response["Location"])) == "fr"
    # back to English: the unprefixed address, now English by the cookie the switcher set
    page = client.get(f"/fr/cities/{city.slug}/").content.decode()
    assert f'name="next" value="/cities/{city.slug}/"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": f"/cities/{city.slug}/"})
    assert html_lang(client.get(response["Location"])) == "en"


def test_the_footer_gives_icps_contact_address_and_the_principles(client, settings):
    settings.ICP_CONTACT_EMAIL = "hello@citiesofpeace.example"
    page = client.get("/es/").content.decode()
    footer = page[page.index('class="site-footer"') :]
    assert 'href="mailto:hello@citiesofpeace.example"' in footer
    assert 'href="/es/principles/"' in footer


def test_the_principles_page_answers_in_each_language(client):
    assert "Becoming more peaceful" in client.get("/principles/").content.decode()
    assert client.get("/es/principles/").status_code == 200
    assert client.get("/fr/principles/").status_code == 200


def test_staff_admin_and_the_health_check_answer_under_a_language_prefix_too(client):
    # The contract: /<lang>/... for every page. Admin has one address, which then follows the language cookie.
    response = client.get("/es/admin/applications/application/?status=all")
    assert response.status_code == 302
    assert response["Location"] == "/admin/applications/application/?status=all"
    assert response.cookies["django_language"].value == "es"
    assert client.get("/fr/healthz").status_code in (200, 503)


@pytest.mark.parametrize(
    ("path", "language", "direction"),
    [
        ("/pt/cities/", "pt", "ltr"),
        ("/ar/cities/", "ar", "rtl"),
        ("/de/progress/", "de", "ltr"),
        ("/ja/", "ja", "ltr"),
        ("/ar/", "ar", "rtl"),
        ("/es/", "es", "ltr"),
        ("/", "en", "ltr"),
    ],
)
def test_every_language_has_its_prefix_and_arabic_pages_read_right_to_left(client, path, language, direction):
    response = client.get(path)
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in response.content.decode()


def test_the_switcher_names_each_language_in_itself(client):
    page = client.get("/").content.decode()
    switcher = page[page.index('class="language-switcher"') : page.index("</form>", page.index("language-switcher"))]
    footer = page[page.index('class="footer-languages"') :]
    for code, name in [("pt", "Português"), ("ar", "العربية"), ("de", "Deutsch"), ("ja", "日本語")]:
        assert f'<option value="{code}"\n            lang="{code}">{name}</option>' in switcher
        assert f'<button type="submit" lang="{code}">{name}</button>' in footer


def test_the_language_comes_from_the_address_then_the_switcher_then_the_account_then_the_browser(client):
    assert html_lang(client.get("/cities/")) == "en"  # nothing known: English
    assert html_lang(client.get("/cities/", HTTP_ACCEPT_LANGUAGE="ja, en;q=0.5")) == "ja"
    client.force_login(UserFactory(language="ar"))
    assert html_lang(client.get("/cities/", HTTP_ACCEPT_LANGUAGE="ja, en;q=0.5")) == "ar"  # the account's language
    assert html_lang(client.get("/de/cities/", HTTP_ACCEPT_LANGUAGE="ja")) == "de"  # the address first
    client.cookies["django_language"] = "pt"  # chosen with the switcher, on this browser
    assert html_lang(client.get("/cities/", HTTP_ACCEPT_LANGUAGE="ja")) == "pt"
    assert html_lang(client.get("/es/cities/")) == "es"
    client.cookies["django_language"] = "xx"  # a language the portal does not have counts as no choice
    assert html_lang(client.get("/cities/", HTTP_ACCEPT_LANGUAGE="ja")) == "ar"


def test_the_accounts_language_is_read_with_the_user_of_the_request(client, django_assert_num_queries):
    client.force_login(UserFactory(language="de"))
    # The session, and its user: the one AuthenticationMiddleware then uses, not a second.
    with django_assert_num_queries(2):
        assert html_lang(client.get("/privacy/")) == "de"


def test_choosing_a_language_in_account_settings_turns_the_portal_to_it(client):
    client.force_login(UserFactory(full_name="Amina Otieno", role="Teacher", language="en"))
    client.cookies["django_language"] = "en"
    response = client.post("/accounts/settings/", {"full_name": "Amina Otieno", "role": "Teacher", "language": "ja"})
    assert response["Location"] == "/ja/accounts/settings/"
    assert response.cookies["django_language"].value == "ja"
    assert html_lang(client.get("/cities/")) == "ja"
