"""A coordinator keeps their city current; nobody else can change it."""

import pytest
from django.core import mail
from django.urls import reverse

from members.choices import CoordinatorRole
from members.models import Coordinator
from members.services import coordinator_invite
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory, ProclamationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_a():
    return CityFactory(name="Ashland", slug="ashland")


@pytest.fixture
def coordinator_a(client, city_a):
    return CoordinatorFactory(city=city_a).user


def edit_urls(city, initiative, proclamation) -> list[str]:
    return [
        reverse("members:city_manage", args=[city.slug]),
        reverse("members:city_edit", args=[city.slug]),
        reverse("members:coordinator_invite", args=[city.slug]),
        reverse("initiatives:new", args=[city.slug]),
        reverse("initiatives:edit", args=[city.slug, initiative.pk]),
        reverse("proclamations:new", args=[city.slug]),
        reverse("proclamations:edit", args=[city.slug, proclamation.pk]),
    ]


def test_every_edit_url_is_refused_to_the_coordinator_of_another_city(client, city_a):
    initiative, proclamation = InitiativeFactory(city=city_a), ProclamationFactory(city=city_a)
    coordinator_b = CoordinatorFactory(city=CityFactory(name="Bologna", slug="bologna")).user
    client.force_login(coordinator_b)
    for url in edit_urls(city_a, initiative, proclamation):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"title": "Hijacked", "peace_statement": "Hijacked"}).status_code == 404, url
    city_a.refresh_from_db()
    assert city_a.peace_statement != "Hijacked"
    assert not city_a.initiatives.filter(title="Hijacked").exists()


def test_every_edit_url_asks_an_anonymous_visitor_to_sign_in(client, city_a):
    initiative, proclamation = InitiativeFactory(city=city_a), ProclamationFactory(city=city_a)
    for url in edit_urls(city_a, initiative, proclamation):
        response = client.post(url, {})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_an_initiative_of_another_city_cannot_be_edited_through_my_city(client, city_a, coordinator_a):
    foreign = InitiativeFactory(city=CityFactory(name="Bologna", slug="bologna"))
    client.force_login(coordinator_a)
    assert client.get(reverse("initiatives:edit", args=[city_a.slug, foreign.pk])).status_code == 404


def test_coordinator_edits_the_public_profile(client, city_a, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("members:city_edit", args=[city_a.slug]),
        {
            "peace_statement": "We mediate before we litigate.",
            "website": "https://ashland.example.org",
            "contact_email": "",
            "population": "21000",
            "population_year": "2020",
            "latitude": "42.19",
            "longitude": "-122.7",
        },
    )
    assert response.status_code == 302
    city_a.refresh_from_db()
    assert city_a.peace_statement == "We mediate before we litigate."
    assert "We mediate before we litigate." in client.get(city_a.get_absolute_url()).content.decode()


def test_profile_with_half_a_location_is_refused_next_to_the_field(client, city_a, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("members:city_edit", args=[city_a.slug]),
        {"peace_statement": "Kept on the page", "latitude": "42.19", "longitude": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Give both latitude and longitude, or neither." in page
    assert "Kept on the page" in page


def test_coordinator_adds_an_initiative_with_its_own_slug(client, city_a, coordinator_a):
    client.force_login(coordinator_a)
    data = {"title": "Peace garden", "category": "environment", "status": "planned", "description": "By the river."}
    client.post(reverse("initiatives:new", args=[city_a.slug]), data)
    client.post(reverse("initiatives:new", args=[city_a.slug]), data)
    assert sorted(city_a.initiatives.values_list("slug", flat=True)) == [
        "ashland-peace-garden",
        "ashland-peace-garden-2",
    ]


def test_initiative_ending_before_it_starts_is_explained(client, city_a, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("initiatives:new", args=[city_a.slug]),
        {
            "title": "Dialogue",
            "category": "dialogue",
            "status": "completed",
            "start_date": "2024-05-01",
            "end_date": "2024-04-01",
        },
    )
    assert response.status_code == 400
    assert "An initiative cannot end before it starts." in response.content.decode()


def test_proclamation_in_the_future_is_explained(client, city_a, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("proclamations:new", args=[city_a.slug]),
        {
            "kind": "council_resolution",
            "title": "Resolution",
            "issuing_body": "Council",
            "adopted_on": "2999-01-01",
            "language": "en",
            "is_public": "on",
        },
    )
    assert response.status_code == 400
    assert "cannot be adopted in the future" in response.content.decode()


def test_the_error_summary_names_the_field_of_each_problem(client, city_a, coordinator_a):
    client.force_login(coordinator_a)
    data = {"title": "Resolution", "issuing_body": "Council", "adopted_on": "2026-01-01", "language": "en"}
    response = client.post(reverse("proclamations:new", args=[city_a.slug]), data)
    assert response.status_code == 400
    summary = response.content.decode().split('class="error-summary"')[1].split("</div>")[0]
    # "This field is required." alone, at the top of the page, would not say which field.
    assert "Kind: This field is required." in summary


def test_invited_co_coordinator_accepts_with_the_invited_address(
    client, city_a, coordinator_a, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:coordinator_invite", args=[city_a.slug]), {"email": "ben@ashland.example.org"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/dashboard/invitations/" in line)
    path = link[link.index("/dashboard/") :]

    client.force_login(UserFactory(email="mallory@example.org"))
    assert client.post(path).status_code == 403

    ben = UserFactory(email="Ben@ashland.example.org")
    client.force_login(ben)
    assert client.post(path).status_code == 302
    assert Coordinator.objects.get(user=ben, city=city_a).role == CoordinatorRole.CO_COORDINATOR
    assert client.post(path[:-4] + "abc/").status_code == 400


def test_invitation_is_written_in_the_inviters_language(city_a, django_capture_on_commit_callbacks):
    inviter = CoordinatorFactory(city=city_a, role=CoordinatorRole.CO_COORDINATOR, user__language="en").user
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_invite(city=city_a, invited_by=inviter, email="x@example.org")
    assert "Ashland" in mail.outbox[0].subject


def test_dashboard_lists_my_cities_and_applications_only(client, city_a, coordinator_a):
    CityFactory(name="Not Mine")
    client.force_login(coordinator_a)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Ashland" in page
    assert "Not Mine" not in page
