"""An invitation to co-coordinate a city is a row: used once, revocable, valid 14 days, and only as long as its
city is active and its inviter still coordinates it (issue 13, findings 13 and 16). Every refusal is a page that
says why, never a 500."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.privacy import user_delete, user_personal_data
from applications.choices import ApplicationStatus
from applications.models import Signatory
from applications.review import application_approve
from members.choices import CoordinatorRole, MembershipStatus
from members.models import Coordinator, CoordinatorInvitation
from members.services import coordinator_invite, invitation_token_hash
from tests.applications.factories import ApplicationFactory
from tests.factories import CityFactory, CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return CityFactory(name="Ashland", slug="ashland")


@pytest.fixture
def lead(city):
    return CoordinatorFactory(city=city, role=CoordinatorRole.LEAD_LIAISON).user


@pytest.fixture
def co_coordinator(city):
    return CoordinatorFactory(city=city, role=CoordinatorRole.CO_COORDINATOR).user


@pytest.fixture
def ben():
    return UserFactory(email="ben@ashland.example.org")


def invitation_path(email: str) -> str:
    message = [message for message in mail.outbox if message.to == [email]][-1]
    line = next(line for line in message.body.splitlines() if "/dashboard/invitations/" in line)
    return line[line.index("/dashboard/") :]


@pytest.fixture
def invite(client, django_capture_on_commit_callbacks):
    """Sends an invitation from the manage page, as the given coordinator, and returns its link's path."""

    def send(inviter, city, email="ben@ashland.example.org") -> str:
        client.force_login(inviter)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("members:coordinator_invite", args=[city.slug]), {"email": email})
        assert response.status_code == 302
        client.logout()
        return invitation_path(email)

    return send


def refused(client, user, path: str, status: int = 400) -> str:
    """The page the user sees opening and submitting the link; both say why, and nobody becomes coordinator."""
    client.force_login(user)
    roles = Coordinator.objects.count()
    opened = client.get(path)
    assert opened.status_code == status
    submitted = client.post(path)
    assert submitted.status_code == status
    assert Coordinator.objects.count() == roles
    page = submitted.content.decode()
    assert 'role="alert"' in page and "Accept the invitation" not in page
    assert opened.content.decode().count('role="alert"') == 1
    return page


def test_an_invitation_is_a_row_keeping_only_the_hash_of_its_link(city, co_coordinator, ben, invite):
    path = invite(co_coordinator, city)
    token = path.removeprefix("/dashboard/invitations/").strip("/")
    invitation = CoordinatorInvitation.objects.get()
    assert (invitation.city, invitation.email, invitation.invited_by) == (city, ben.email, co_coordinator)
    assert invitation.token_hash == invitation_token_hash(token)
    assert token not in str(CoordinatorInvitation.objects.values().get())


def test_an_invitation_is_accepted_once(client, city, co_coordinator, ben, invite):
    path = invite(co_coordinator, city)
    client.force_login(ben)
    assert "Accept the invitation" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    assert Coordinator.objects.get(user=ben, city=city).role == CoordinatorRole.CO_COORDINATOR
    invitation = CoordinatorInvitation.objects.get()
    assert invitation.accepted_by == ben and invitation.accepted_at is not None

    Coordinator.objects.filter(user=ben).delete()  # removed later: the old e-mail does not bring them back
    assert "already been used" in refused(client, ben, path)


def test_an_invitation_dies_with_the_inviters_role(client, city, lead, co_coordinator, ben, invite):
    path = invite(co_coordinator, city)
    Coordinator.objects.filter(user=co_coordinator).delete()
    assert "no longer coordinates Ashland" in refused(client, ben, path)


def test_an_inviter_whose_account_is_deactivated_no_longer_stands_behind_the_invitation(
    client, city, co_coordinator, ben, invite
):
    path = invite(co_coordinator, city)
    co_coordinator.is_active = False
    co_coordinator.save()
    assert "no longer coordinates Ashland" in refused(client, ben, path)


def test_coordinators_see_pending_invitations_and_revoke_them(client, city, lead, co_coordinator, ben, invite):
    path = invite(co_coordinator, city)
    invitation = CoordinatorInvitation.objects.get()
    client.force_login(lead)  # another coordinator of the city than the one who invited
    manage = client.get(reverse("members:city_manage", args=[city.slug])).content.decode()
    revoke_url = reverse("members:coordinator_invitation_revoke", args=[city.slug, invitation.pk])
    assert "ben@ashland.example.org" in manage and revoke_url in manage
    assert client.post(revoke_url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_by == lead and invitation.revoked_at is not None
    assert revoke_url not in client.get(reverse("members:city_manage", args=[city.slug])).content.decode()
    assert "withdrawn" in refused(client, ben, path)


def test_only_the_citys_coordinators_may_revoke_its_invitations(client, city, co_coordinator, invite):
    invite(co_coordinator, city)
    invitation = CoordinatorInvitation.objects.get()
    other = CoordinatorFactory(city=CityFactory(name="Bologna", slug="bologna")).user
    client.force_login(other)
    for slug in (city.slug, "bologna"):  # not their city; their city, but not its invitation
        url = reverse("members:coordinator_invitation_revoke", args=[slug, invitation.pk])
        assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_an_invitation_expires_after_14_days(client, city, co_coordinator, ben, invite):
    path = invite(co_coordinator, city)
    invitation = CoordinatorInvitation.objects.get()
    CoordinatorInvitation.objects.update(created_at=invitation.created_at - timedelta(days=14, seconds=1))
    assert "expired" in refused(client, ben, path)


def test_an_invitation_to_a_deleted_city_is_refused_with_a_reason(client, city, co_coordinator, ben, invite):
    path = invite(co_coordinator, city)
    city.delete()
    assert "no longer exists" in refused(client, ben, path)


def test_an_invitation_to_a_city_no_longer_active_is_refused(client, city, co_coordinator, ben, invite):
    path = invite(co_coordinator, city)
    city.status = MembershipStatus.WITHDRAWN
    city.save()
    assert "no longer an active City of Peace" in refused(client, ben, path)


def test_an_invitation_is_accepted_only_with_the_address_it_was_sent_to(client, city, co_coordinator, invite):
    path = invite(co_coordinator, city)
    assert "another e-mail address" in refused(client, UserFactory(email="mallory@example.org"), path, status=403)
    assert CoordinatorInvitation.objects.get().accepted_at is None


def test_a_forged_or_old_style_link_is_refused(client, ben):
    for token in ["abc", "x" * 300, "eyJjaXR5IjoxLCJlbWFpbCI6ImJlbkBhc2hsYW5kLmV4YW1wbGUub3JnIn0:1vQ:abc"]:
        assert "not valid" in refused(client, ben, f"/dashboard/invitations/{token}/")


def test_a_new_invitation_to_the_same_address_replaces_the_pending_one(client, city, co_coordinator, ben, invite):
    first = invite(co_coordinator, city)
    second = invite(co_coordinator, city)
    assert "withdrawn" in refused(client, ben, first)
    client.force_login(ben)
    assert client.post(second).status_code == 302


def test_someone_who_does_not_coordinate_the_city_cannot_invite(city, co_coordinator):
    with pytest.raises(PermissionDenied):
        coordinator_invite(city=city, invited_by=UserFactory(), email="x@example.org")
    Coordinator.objects.filter(user=co_coordinator).delete()
    with pytest.raises(PermissionDenied):
        coordinator_invite(city=city, invited_by=co_coordinator, email="x@example.org")
    assert not CoordinatorInvitation.objects.exists()


def test_staff_invite_to_any_city_only_with_the_right_to_add_coordinators(city):
    staff_in_no_group = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        coordinator_invite(city=city, invited_by=staff_in_no_group, email="x@example.org")
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    invitation = coordinator_invite(city=city, invited_by=editor, email="x@example.org")
    assert CoordinatorInvitation.objects.get() == invitation


def test_the_second_leader_accepts_the_invitation_sent_on_approval(client, django_capture_on_commit_callbacks):
    applicant, reviewer = UserFactory(), UserFactory(is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    application = ApplicationFactory(
        complete=True, applicant=applicant, status=ApplicationStatus.IN_REVIEW, reviewer=reviewer
    )
    Signatory.objects.create(application=application, role="second_leader", name="Ben", email="ben@kisumu.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        city = application_approve(application=application, reviewer=reviewer)
    invitation = CoordinatorInvitation.objects.get()
    assert (invitation.city, invitation.invited_by) == (city, applicant)
    ben = UserFactory(email="ben@kisumu.example.org")
    client.force_login(ben)
    assert client.post(invitation_path("ben@kisumu.example.org")).status_code == 302
    assert Coordinator.objects.get(user=ben, city=city).role == CoordinatorRole.CO_COORDINATOR


def test_staff_see_invitations_in_the_admin_without_the_link_and_revoke_them(client, city, co_coordinator, ben, invite):
    path = invite(co_coordinator, city)
    token = path.removeprefix("/dashboard/invitations/").strip("/")
    invitation = CoordinatorInvitation.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    change_page = client.get(reverse("admin:members_coordinatorinvitation_change", args=[invitation.pk]))
    assert change_page.status_code == 200
    assert token not in change_page.content.decode() and invitation.token_hash not in change_page.content.decode()
    assert client.get(reverse("admin:members_coordinatorinvitation_add")).status_code == 403
    response = client.post(
        reverse("admin:members_coordinatorinvitation_changelist"),
        {"action": "revoke", "_selected_action": [str(invitation.pk)]},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "withdrawn" in refused(client, ben, path)


def test_invitations_to_a_persons_address_are_in_their_data_and_go_with_their_account(city, co_coordinator, ben):
    coordinator_invite(city=city, invited_by=co_coordinator, email="Ben@Ashland.example.org")
    assert user_personal_data(ben)["invitations_received"][0]["city"] == "Ashland"
    user_delete(user=ben)
    assert not CoordinatorInvitation.objects.exists()
