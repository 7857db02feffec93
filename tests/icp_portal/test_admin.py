"""Django admin for every model: lists, filters and search answer for staff, and stay cheap."""

import pytest
from django.urls import reverse

from members.geography import Continent
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory, ProclamationFactory

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
