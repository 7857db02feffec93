"""Django admin for every model: lists, filters and search answer for staff, and stay cheap."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.choices import ApplicationStatus, SignatoryState
from initiatives.choices import InitiativeStatus, PartnershipStatus
from members.choices import MembershipStatus
from members.geography import Continent
from reports.choices import ReportStatus
from tests.factories import ApplicationFactory, CityFactory, CoordinatorFactory, InitiativeFactory, ProclamationFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:members_city_changelist",
    "admin:members_coordinator_changelist",
    "admin:members_user_changelist",
    "admin:proclamations_proclamation_changelist",
    "admin:initiatives_initiative_changelist",
    "admin:applications_application_changelist",
    "admin:outbox_outboundemail_changelist",
]


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_every_model_has_a_searchable_admin_list(staff_client, changelist):
    city = CityFactory(name="Ashland")
    CoordinatorFactory(city=city)
    ProclamationFactory(city=city)
    InitiativeFactory(city=city)
    response = staff_client.get(reverse(changelist), {"q": "Ashland"})
    assert response.status_code == 200


def test_city_list_filters_by_continent(staff_client):
    CityFactory(name="Nakuru", country="KE", region="")
    CityFactory(name="Lyon", country="FR", region="")
    response = staff_client.get(reverse("admin:members_city_changelist"), {"continent": Continent.AFRICA})
    names = [city.name for city in response.context["cl"].result_list]
    assert names == ["Nakuru"]


def test_city_list_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries):
    CityFactory.create_batch(40)
    # session, user, counts, the page of cities and the filter choices: none per row
    with django_assert_max_num_queries(10):
        response = staff_client.get(reverse("admin:members_city_changelist"))
    assert len(response.context["cl"].result_list) == 40


def test_city_change_page_shows_coordinators_inline(staff_client):
    coordinator = CoordinatorFactory(user__full_name="Ana Lead-Liaison")
    response = staff_client.get(reverse("admin:members_city_change", args=[coordinator.city.pk]))
    assert response.status_code == 200
    assert "Ana Lead-Liaison" in response.content.decode()


def test_coordinators_are_not_let_into_admin(client):
    client.force_login(CoordinatorFactory().user)
    response = client.get(reverse("admin:members_city_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/members/city/?status=%00",
        "/admin/members/city/?country=%00",
        "/admin/autocomplete/?term=%00&app_label=members&model_name=coordinator&field_name=city",
    ],
)
def test_a_nul_character_in_an_admin_query_is_a_bad_request(staff_client, url):
    # PostgreSQL refuses NUL in text: admin's filters and lookups would answer 500.
    response = staff_client.get(url)
    assert response.status_code == 400
    assert "The portal could not read this request" in response.content.decode()


@pytest.mark.parametrize("chosen", ["\x00", "1 OR 1=1", "99999999999999999999"])
def test_rows_chosen_for_an_action_must_be_ids(staff_client, chosen):
    city = CityFactory()
    response = staff_client.post(
        reverse("admin:members_city_changelist"), {"action": "mark_inactive", "_selected_action": [city.pk, chosen]}
    )
    assert response.status_code == 400


def test_a_history_version_that_is_no_number_is_not_found(staff_client):
    city = CityFactory()
    assert staff_client.get(f"/admin/members/city/{city.pk}/history/latest/").status_code == 404


def test_every_model_admin_is_registered_on_the_portal_site():
    # The portal's site is the default one (icp_portal.apps.PortalAdminConfig): apps register through admin.site.
    from django.contrib import admin

    from icp_portal.admin_site import PortalAdminSite

    assert isinstance(admin.site, PortalAdminSite)
    assert admin.site._registry
    sites = {id(model_admin.admin_site) for model_admin in admin.site._registry.values()}
    assert sites == {id(admin.site._wrapped)}  # admin.site is a lazy proxy of the one instance


def test_admin_sign_in_sends_visitors_to_the_accounts_page(client):
    response = client.get("/admin/login/?next=/admin/members/city/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fmembers%2Fcity%2F"


def test_admin_pages_keep_the_portal_titles(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "International Cities of Peace: staff" in page and "Applications and member records" in page


def _admin_page_in(staff_client, language: str, url: str) -> str:
    """The admin follows the staff account's language (admin has no address per language)."""
    staff_client.staff.language = language
    staff_client.staff.save(update_fields=["language"])
    response = staff_client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_admin_index_in_german_names_the_apps_and_the_site_in_german(staff_client):
    page = _admin_page_in(staff_client, "de", reverse("admin:index"))
    assert '<html lang="de"' in page
    for german in ["Jahresberichte", "Anträge", "Friedensinitiativen", "Ausgehende E-Mails", "Gemeinschaftsumfragen"]:
        assert f">{german}</a>" in page, german
    assert "International Cities of Peace: Verwaltung" in page and "Anträge und Mitgliedsdaten" in page
    for english in [">Yearly reports<", ">Applications<", ">Outgoing e-mail<", ">Community surveys<", ": staff<"]:
        assert english not in page, english
    # Django's own word for editing a record, not the language switcher's "Wechseln" (its own context).
    assert "Ändern</a>" in page and "Wechseln" not in page


def test_the_admin_in_arabic_reads_right_to_left_with_arabic_app_names(staff_client):
    page = _admin_page_in(staff_client, "ar", reverse("admin:index"))
    assert 'dir="rtl"' in page
    assert ">التقارير السنوية</a>" in page and ">الطلبات</a>" in page
    assert ">Yearly reports<" not in page and ">Applications<" not in page
    assert "وزارة الخارجية" not in page  # allauth's Arabic for its "MFA" app: "Ministry of Foreign Affairs"


def test_an_applications_change_form_in_german_labels_its_record_and_history_in_german(staff_client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now())
    application.status_changes.create(from_status=ApplicationStatus.DRAFT, to_status=ApplicationStatus.SUBMITTED)
    page = _admin_page_in(staff_client, "de", reverse("admin:applications_application_change", args=[application.pk]))
    for german in ["Antragsteller/in", "Erstellt am", "Vorheriger Status", "Neuer Status", "Durchgeführt von"]:
        assert german in page, german
    for english in ["Applicant:", "Created at", "From status", "To status", "Actor"]:
        assert english not in page, english


def test_a_change_forms_buttons_in_german_and_portuguese_say_one_verb(staff_client):
    city = CityFactory()
    url = reverse("admin:members_city_change", args=[city.pk])
    german = _admin_page_in(staff_client, "de", url)
    assert 'value="Speichern"' in german and 'value="Speichern und weiter bearbeiten"' in german
    assert "Sichern" not in german
    portuguese = _admin_page_in(staff_client, "pt", url)
    assert 'value="Salvar"' in portuguese and 'value="Salvar e continuar editando"' in portuguese
    assert "Gravar" not in portuguese


@pytest.mark.parametrize(
    ("language", "status", "expected"),
    [
        # A report is masculine in French and Spanish, an application feminine: one "Submitted" cannot serve both.
        ("fr", ApplicationStatus.SUBMITTED, "Soumise"),
        ("fr", ReportStatus.SUBMITTED, "Soumis"),
        ("es", ReportStatus.SUBMITTED, "Enviado"),
        # A city that withdrew left the network; an application is withdrawn by its applicant.
        ("de", MembershipStatus.WITHDRAWN, "Ausgetreten"),
        ("de", ApplicationStatus.WITHDRAWN, "Zurückgezogen"),
        ("ar", MembershipStatus.ACTIVE, "نشطة"),
        ("ar", InitiativeStatus.ACTIVE, "جارية"),
        ("fr", SignatoryState.DECLINED, "A décliné"),
        ("fr", PartnershipStatus.DECLINED, "Refusée"),
    ],
)
def test_a_status_shared_by_several_records_is_translated_for_each(language, status, expected):
    with translation.override(language):
        assert str(status.label) == expected


def test_the_status_filters_say_all_in_the_gender_of_what_they_list(staff_client):
    reports = _admin_page_in(staff_client, "fr", reverse("admin:reports_report_changelist"))
    applications = _admin_page_in(staff_client, "fr", reverse("admin:applications_application_changelist"))
    assert ">Tous</a>" in reports and ">Toutes</a>" in applications


def test_admin_names_a_proclamations_language_and_the_password_button_in_the_staff_language(staff_client):
    proclamation = ProclamationFactory(language="ur")
    proclamations = _admin_page_in(staff_client, "ar", reverse("admin:proclamations_proclamation_changelist"))
    assert "الأوردو" in proclamations and ">Urdu<" not in proclamations
    user_page = _admin_page_in(staff_client, "de", reverse("admin:members_user_change", args=[staff_client.staff.pk]))
    assert "Passwort zurücksetzen" in user_page and "Reset password" not in user_page
    assert proclamation.get_language_display() == "Urdu"  # outside a request: English, as stored
