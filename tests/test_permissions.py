"""Who may open what: every page of the portal against every kind of person (issue: permissions end to end).

Each row is a URL and the status each role gets; a broken rule shows as the cell that changed.
"""

import pytest
from django.contrib.auth.models import Group

from applications.choices import ApplicationStatus
from tests.applications.conftest import pdf_upload
from tests.applications.test_services import complete_application
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory, ProclamationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "coordinator_a", "coordinator_b", "reviewer", "editor", "superuser"]
OK, LOGIN, NOT_FOUND, FORBIDDEN = 200, 302, 404, 403


@pytest.fixture
def world(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    city_a = CityFactory(name="Ashland", slug="ashland")
    coordinator_a = CoordinatorFactory(city=city_a).user
    coordinator_b = CoordinatorFactory(city=CityFactory(name="Bologna", slug="bologna")).user
    application = complete_application(
        coordinator_a, status=ApplicationStatus.SUBMITTED, proclamation_document=pdf_upload()
    )
    reviewer, editor = UserFactory(is_staff=True), UserFactory(is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    editor.groups.add(Group.objects.get(name="Editors"))
    return {
        "people": {
            "anonymous": None,
            "coordinator_a": coordinator_a,
            "coordinator_b": coordinator_b,
            "reviewer": reviewer,
            "editor": editor,
            "superuser": UserFactory(is_staff=True, is_superuser=True),
        },
        "city": city_a,
        "initiative": InitiativeFactory(city=city_a),
        "proclamation": ProclamationFactory(city=city_a),
        "application": application,
    }


def matrix(world) -> list[tuple[str, dict[str, int]]]:
    city, application = world["city"], world["application"]
    everyone = dict.fromkeys(ROLES, OK)
    signed_in = {**everyone, "anonymous": LOGIN}
    only_coordinator_a = {role: NOT_FOUND for role in ROLES} | {"anonymous": LOGIN, "coordinator_a": OK}
    applicant_and_staff = only_coordinator_a | {"reviewer": OK, "editor": OK, "superuser": OK}
    staff_only = {role: LOGIN for role in ROLES} | {"reviewer": OK, "editor": OK, "superuser": OK}
    return [
        ("/", everyone),
        ("/cities/", everyone),
        (f"/cities/{city.slug}/", everyone),
        ("/privacy/", everyone),
        ("/apply/", signed_in),
        ("/dashboard/", signed_in),
        ("/accounts/my-data/", signed_in),
        (f"/dashboard/cities/{city.slug}/", only_coordinator_a),
        (f"/dashboard/cities/{city.slug}/profile/", only_coordinator_a),
        (f"/dashboard/cities/{city.slug}/initiatives/new/", only_coordinator_a),
        (f"/dashboard/cities/{city.slug}/initiatives/{world['initiative'].pk}/", only_coordinator_a),
        (f"/dashboard/cities/{city.slug}/proclamations/new/", only_coordinator_a),
        (f"/dashboard/cities/{city.slug}/proclamations/{world['proclamation'].pk}/", only_coordinator_a),
        (f"/apply/{application.pk}/", only_coordinator_a),
        (f"/apply/{application.pk}/document/", applicant_and_staff),
        ("/admin/", staff_only),
        ("/admin/applications/application/", staff_only),
        (f"/admin/applications/application/{application.pk}/change/", staff_only),
        ("/admin/members/city/", staff_only),
        (f"/admin/members/city/{city.pk}/delete/", staff_only | {"reviewer": FORBIDDEN}),
        ("/admin/members/city/import/", staff_only),
        ("/admin/auth/group/", staff_only | {"reviewer": FORBIDDEN, "editor": FORBIDDEN}),
    ]


def test_every_page_answers_each_role_as_the_rules_say(client, world):
    wrong = []
    for role in ROLES:
        person = world["people"][role]
        client.logout()
        if person is not None:
            client.force_login(person)
        for url, expected in matrix(world):
            status = client.get(url).status_code
            if status != expected[role]:
                wrong.append(f"{role:<14} GET {url}: {status}, expected {expected[role]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ["coordinator_b", "reviewer", "editor"])
def test_nobody_but_its_coordinators_changes_a_city_through_the_dashboard(client, world, role):
    client.force_login(world["people"][role])
    city = world["city"]
    response = client.post(f"/dashboard/cities/{city.slug}/profile/", {"peace_statement": "Changed by someone else"})
    assert response.status_code == NOT_FOUND
    city.refresh_from_db()
    assert city.peace_statement != "Changed by someone else"


@pytest.mark.parametrize(("role", "decided"), [("reviewer", True), ("superuser", True), ("editor", False)])
def test_only_reviewers_and_superusers_decide_applications(client, world, role, decided):
    application = world["application"]
    client.force_login(world["people"][role])
    client.post(f"/admin/applications/application/{application.pk}/decide/take/", {})
    application.refresh_from_db()
    assert (application.status == ApplicationStatus.IN_REVIEW) is decided
