"""What staff do to member cities in admin reaches partners: a member added (city.approved), its public record
changed (city.updated, with the fields that changed) from the change form, its status (city.status_changed) only from
the list's actions, which ask a reason."""

import datetime

import pytest
from django.contrib.messages import get_messages

from members.choices import MembershipStatus, Network
from tests.factories import CityFactory, UserFactory
from webhooks.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def change_form_data(client, url: str) -> dict:
    """What the change page sends back when staff save it untouched: its form's values and its inlines' rows."""
    page = client.get(url)
    data = {}
    form = page.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = "on" if value is True else value
    # A past version's page has no inlines: going back restores the city alone.
    inlines = page.context["inline_admin_formsets"] if "inline_admin_formsets" in page.context else []
    for inline in inlines:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
    return data


def city_change_url(city) -> str:
    return f"/admin/members/city/{city.pk}/change/"


def test_saving_a_city_untouched_tells_nobody(reviewer_client):
    city = CityFactory()
    response = reviewer_client.post(city_change_url(city), change_form_data(reviewer_client, city_change_url(city)))
    assert response.status_code == 302
    assert not Event.objects.exists()


def test_a_city_changed_in_admin_is_told_with_the_fields_that_changed(reviewer_client):
    city = CityFactory(population=21000)
    data = change_form_data(reviewer_client, city_change_url(city))
    response = reviewer_client.post(city_change_url(city), {**data, "population": "22500", "region": "Oregon"})
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.type == "city.updated"
    assert event.payload["changed"] == ["population", "region"]
    assert event.payload["data"]["population"] == 22500 and event.payload["data"]["region"] == "Oregon"


def test_a_network_affiliation_added_in_admin_is_told(reviewer_client):
    city = CityFactory()
    data = change_form_data(reviewer_client, city_change_url(city))
    added = {
        "network_affiliations-TOTAL_FORMS": "1",
        "network_affiliations-0-network": Network.MAYORS_FOR_PEACE,
        "network_affiliations-0-identifier": "MfP-8120",
        "network_affiliations-0-since": "2019-08-06",
    }
    assert reviewer_client.post(city_change_url(city), {**data, **added}).status_code == 302
    event = Event.objects.get()
    assert event.payload["changed"] == ["networks"]
    assert [network["identifier"] for network in event.payload["data"]["networks"]] == ["MfP-8120"]


def test_the_change_form_cannot_change_a_status_the_actions_keep_with_its_reason(reviewer_client):
    city = CityFactory(status=MembershipStatus.ACTIVE)
    data = change_form_data(reviewer_client, city_change_url(city))
    page = reviewer_client.get(city_change_url(city)).content.decode()
    assert 'name="status"' not in page and "which ask for the reason" in page
    reviewer_client.post(city_change_url(city), {**data, "status": "withdrawn", "status_reason": "By mistake"})
    city.refresh_from_db()
    assert city.status == MembershipStatus.ACTIVE and city.status_reason == ""
    assert not Event.objects.exists()


def test_a_status_action_says_what_it_did_and_tells_partners(reviewer_client):
    city = CityFactory(status=MembershipStatus.ACTIVE, member_since=datetime.date(2015, 9, 21))
    form = reviewer_client.post(
        "/admin/members/city/", {"action": "mark_inactive", "_selected_action": [city.pk]}
    ).content.decode()
    assert 'value="Mark as inactive"' in form
    response = reviewer_client.post(
        "/admin/members/city/",
        {"action": "mark_inactive", "_selected_action": [city.pk], "confirm": "yes", "reason": "No answer since 2024."},
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["1 city marked inactive."]
    event = Event.objects.get()
    assert event.type == "city.status_changed" and event.payload["previous_status"] == "active"


def new_member(**fields) -> dict:
    return {
        "name": "Ashland",
        "slug": "ashland",
        "community_type": "city",
        "country": "US",
        "region": "Oregon",
        "member_number": "900",
        "member_since": "2015-09-21",
        "pathway": "proclamation",
        "status": "active",
        "population": "21000",
        "latitude": "42.19",
        "longitude": "-122.70",
        **fields,
    }


def test_a_member_added_by_staff_in_admin_is_told_as_joined_with_its_networks(reviewer_client):
    data = change_form_data(reviewer_client, "/admin/members/city/add/")
    networks = {
        "network_affiliations-TOTAL_FORMS": "1",
        "network_affiliations-0-network": Network.MAYORS_FOR_PEACE,
        "network_affiliations-0-identifier": "MfP-8120",
    }
    response = reviewer_client.post("/admin/members/city/add/", {**data, **new_member(), **networks})
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert event.type == "city.approved"
    assert event.payload["data"]["slug"] == "ashland"
    assert [network["identifier"] for network in event.payload["data"]["networks"]] == ["MfP-8120"]


def test_the_add_page_sets_the_status_and_says_nothing_of_the_actions(reviewer_client):
    page = reviewer_client.get("/admin/members/city/add/").content.decode()
    assert 'name="status"' in page and "which ask for the reason" not in page


def test_a_withdrawn_community_added_for_the_record_is_not_told_as_joined(reviewer_client):
    data = change_form_data(reviewer_client, "/admin/members/city/add/")
    fields = new_member(status="withdrawn", status_reason="Left in 2019; entered for the record.")
    assert reviewer_client.post("/admin/members/city/add/", {**data, **fields}).status_code == 302
    assert not Event.objects.exists()


def test_going_back_to_a_past_version_is_told_with_what_it_changed(reviewer_client):
    city = CityFactory(population=21000)
    first = city.history.order_by("history_id").first()
    data = change_form_data(reviewer_client, city_change_url(city))
    reviewer_client.post(city_change_url(city), {**data, "population": "22500"})
    Event.objects.all().delete()
    past = f"/admin/members/city/{city.pk}/history/{first.history_id}/"
    assert reviewer_client.post(past, change_form_data(reviewer_client, past)).status_code == 302
    city.refresh_from_db()
    assert city.population == 21000
    event = Event.objects.get()
    assert event.type == "city.updated"
    assert event.payload["changed"] == ["population"] and event.payload["data"]["population"] == 21000
