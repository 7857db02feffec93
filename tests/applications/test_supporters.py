"""Supporters after submitting (issue 14): the applicant sends an invitation again (once an hour) and replaces a
supporter who has not confirmed until the review starts; a supporter declines from their link; staff see every
answer with its date, and approving short of five confirmed signatories takes an explicit tick kept in the history."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from applications.choices import ApplicationStatus, SignatoryState
from applications.models import Application, Signatory
from applications.review import SignatoryShortfall, application_approve
from applications.services import (
    SignatoryChangeRefused,
    application_submit,
    signatory_decline,
    signatory_from_token,
    signatory_link,
    signatory_replace,
    signatory_resend,
)
from applications.workflow import (
    REQUIRED_SIGNATORIES,
    confirmed_signatory_count,
    signatory_may_be_replaced,
    signatory_may_be_resent,
    signatory_may_decline,
    signatory_shortfall,
    signatory_state,
)
from members.models import City
from outbox.models import OutboundEmail
from tests.factories import UserFactory

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant():
    return UserFactory(email="amina@kisumu.example.org", full_name="Amina Otieno")


@pytest.fixture
def reviewer():
    reviewer = UserFactory(is_staff=True, email="reviewer@citiesofpeace.example.org")
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    return reviewer


@pytest.fixture
def submitted(applicant) -> Application:
    """Submitted an hour and a half ago; its four supporters were invited then and none has answered."""
    application = ApplicationFactory(complete=True, applicant=applicant)
    Signatory.objects.filter(application=application).update(invited_at=None, confirmed_at=None)
    application_submit(application=application, actor=applicant)
    Signatory.objects.filter(application=application).update(invited_at=timezone.now() - timedelta(minutes=90))
    OutboundEmail.objects.all().delete()
    application.refresh_from_db()
    return application


def supporter(application: Application, number: int = 0) -> Signatory:
    return application.signatories.order_by("pk")[number]


def sent_to(email: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(to=email))


def confirms(email: OutboundEmail) -> Signatory | None:
    """Whom the confirmation link in the e-mail names (links carry their time, so they are compared by whom)."""
    line = next(line for line in email.body.splitlines() if "/apply/support/" in line)
    return signatory_from_token(line.rstrip("/").rsplit("/", 1)[-1])


# The rules (applications/workflow.py), one by one.


def unsaved(status=ApplicationStatus.SUBMITTED, **answers) -> Signatory:
    return Signatory(application=Application(status=status), name="S", email="s@example.org", **answers)


def test_a_signatory_state_is_confirmed_declined_pending_or_not_invited():
    now = timezone.now()
    assert signatory_state(unsaved()) == SignatoryState.NOT_INVITED
    assert signatory_state(unsaved(invited_at=now)) == SignatoryState.PENDING
    assert signatory_state(unsaved(invited_at=now, declined_at=now)) == SignatoryState.DECLINED
    assert signatory_state(unsaved(invited_at=now, confirmed_at=now)) == SignatoryState.CONFIRMED


def test_the_applicant_counts_as_one_confirmed_signatory_of_five(applicant, submitted):
    assert REQUIRED_SIGNATORIES == 5
    assert confirmed_signatory_count(submitted) == 1
    assert signatory_shortfall(submitted) == 4
    submitted.signatories.update(confirmed_at=timezone.now())
    assert confirmed_signatory_count(submitted) == 5
    assert signatory_shortfall(submitted) == 0


def test_an_invitation_may_be_sent_again_an_hour_after_the_last_to_someone_who_has_not_answered():
    now = timezone.now()
    assert signatory_may_be_resent(unsaved(invited_at=now - timedelta(minutes=61)), now=now)
    assert not signatory_may_be_resent(unsaved(invited_at=now - timedelta(minutes=59)), now=now)
    assert not signatory_may_be_resent(unsaved(invited_at=now - timedelta(days=2), confirmed_at=now), now=now)
    assert not signatory_may_be_resent(unsaved(invited_at=now - timedelta(days=2), declined_at=now), now=now)
    assert not signatory_may_be_resent(unsaved(status=ApplicationStatus.DRAFT), now=now)
    for decided in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
        assert not signatory_may_be_resent(unsaved(status=decided, invited_at=now - timedelta(days=2)), now=now)


@pytest.mark.parametrize(
    ("status", "replaceable"),
    [(ApplicationStatus.SUBMITTED, True)] + [(s, False) for s in ApplicationStatus.values if s != "submitted"],
)
def test_a_supporter_may_be_replaced_only_until_the_review_starts(status, replaceable):
    assert signatory_may_be_replaced(unsaved(status=status)) is replaceable
    assert signatory_may_be_replaced(unsaved(status=status, declined_at=timezone.now())) is replaceable
    assert not signatory_may_be_replaced(unsaved(status=status, confirmed_at=timezone.now()))


def test_a_signatory_may_decline_while_icp_has_not_decided_unless_they_confirmed():
    now = timezone.now()
    assert signatory_may_decline(unsaved(invited_at=now))
    assert signatory_may_decline(unsaved(status=ApplicationStatus.IN_REVIEW, invited_at=now))
    assert not signatory_may_decline(unsaved(invited_at=now, confirmed_at=now))
    assert not signatory_may_decline(unsaved(invited_at=now, declined_at=now))
    assert not signatory_may_decline(unsaved(status=ApplicationStatus.APPROVED, invited_at=now))


# Resend


def test_the_applicant_sends_an_invitation_again_with_the_same_working_link(applicant, submitted, client):
    first = supporter(submitted)
    signatory_resend(signatory=first, actor=applicant)
    [email] = sent_to(first.email)
    assert confirms(email) == first
    first.refresh_from_db()
    assert timezone.now() - first.invited_at < timedelta(minutes=1)


def test_a_second_resend_within_the_hour_is_refused_with_the_minutes_to_wait(applicant, submitted):
    first = supporter(submitted)
    signatory_resend(signatory=first, actor=applicant)
    with pytest.raises(SignatoryChangeRefused, match=r"less than an hour ago.*again in (60|59) minutes"):
        signatory_resend(signatory=first, actor=applicant)
    assert len(sent_to(first.email)) == 1


def test_nobody_but_the_applicant_resends(submitted):
    with pytest.raises(PermissionDenied):
        signatory_resend(signatory=supporter(submitted), actor=UserFactory())
    assert not OutboundEmail.objects.exists()


def test_resend_from_the_application_page_says_when_it_may_be_sent_again(applicant, submitted, client):
    client.force_login(applicant)
    first = supporter(submitted)
    url = reverse("applications:signatory_resend", args=[submitted.pk, first.pk])
    page = client.post(url, follow=True).content.decode()
    assert "The invitation is sent again to S0." in page
    assert "Send again to S0" not in page  # the page says when instead of offering a button that would refuse
    assert "Invitation sent less than an hour ago: it can be sent again after" in page
    page = client.post(url, follow=True).content.decode()  # posted all the same (an old tab)
    assert "So as not to flood their inbox, you can send it again in" in page
    assert len(sent_to(first.email)) == 1


def test_another_person_cannot_resend_or_replace_from_the_pages(submitted, client):
    client.force_login(UserFactory())
    first = supporter(submitted)
    assert client.post(reverse("applications:signatory_resend", args=[submitted.pk, first.pk])).status_code == 404
    replace = reverse("applications:signatory_replace", args=[submitted.pk, first.pk])
    assert client.get(replace).status_code == 404
    assert client.post(replace, {"name": "X", "email": "x@example.org"}).status_code == 404
    client.logout()
    assert client.post(reverse("applications:signatory_resend", args=[submitted.pk, first.pk])).status_code == 302
    assert not OutboundEmail.objects.exists()


# Replace


def test_the_applicant_replaces_a_supporter_who_declined_and_the_new_one_is_invited(applicant, submitted, client):
    first = supporter(submitted)
    old_link = signatory_link(first)
    signatory_decline(signatory=first)
    client.force_login(applicant)
    url = reverse("applications:signatory_replace", args=[submitted.pk, first.pk])
    assert "Replace S0" in client.get(url).content.decode()
    response = client.post(url, {"name": "  Grace   Achieng ", "email": "grace@kisumu.example.org"}, follow=True)
    assert "Grace Achieng replaces S0 and is asked to confirm." in response.content.decode()
    first.refresh_from_db()
    assert (first.name, first.email, first.declined_at, first.confirmed_at) == (
        "Grace Achieng",
        "grace@kisumu.example.org",
        None,
        None,
    )
    assert first.invited_at is not None
    [invitation] = sent_to("grace@kisumu.example.org")
    assert confirms(invitation) == first
    client.logout()
    assert client.get(old_link[old_link.index("/apply/") :]).status_code == 404  # the old person's link is dead


def test_replacing_with_a_person_who_already_signs_is_refused_next_to_the_address(applicant, submitted, client):
    client.force_login(applicant)
    url = reverse("applications:signatory_replace", args=[submitted.pk, supporter(submitted).pk])
    response = client.post(url, {"name": "S1 again", "email": "S1@example.org"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This person already signs this application" in page
    assert 'value="S1 again"' in page  # what was typed is kept
    response = client.post(url, {"name": "Me", "email": applicant.email})
    assert "You sign as the applicant already" in response.content.decode()
    response = client.post(url, {"name": "", "email": "not-an-address"})
    assert response.status_code == 400
    assert supporter(submitted).name == "S0"
    assert not OutboundEmail.objects.exists()


def test_replacing_is_refused_once_the_review_started(applicant, submitted, reviewer, client):
    Application.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.IN_REVIEW, reviewer=reviewer)
    first = supporter(submitted)
    with pytest.raises(SignatoryChangeRefused, match="review has started"):
        signatory_replace(signatory=first, actor=applicant, name="Grace", email="grace@kisumu.example.org")
    client.force_login(applicant)
    url = reverse("applications:signatory_replace", args=[submitted.pk, first.pk])
    page = client.post(url, {"name": "Grace", "email": "grace@kisumu.example.org"}, follow=True).content.decode()
    assert "can no longer be replaced" in page
    assert supporter(submitted).name == "S0"


def test_a_confirmed_supporter_cannot_be_replaced(applicant, submitted):
    first = supporter(submitted)
    Signatory.objects.filter(pk=first.pk).update(confirmed_at=timezone.now())
    with pytest.raises(SignatoryChangeRefused):
        signatory_replace(signatory=first, actor=applicant, name="Grace", email="grace@kisumu.example.org")


def test_the_application_page_offers_resend_and_replace_only_where_they_apply(applicant, submitted, client):
    confirmed, declined = supporter(submitted, 0), supporter(submitted, 1)
    Signatory.objects.filter(pk=confirmed.pk).update(confirmed_at=timezone.now())
    Signatory.objects.filter(pk=declined.pk).update(declined_at=timezone.now())
    client.force_login(applicant)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "2 of 5 signatories have confirmed" in page
    assert "Send again to S0" not in page and "Replace S0" not in page
    assert "Send again to S1" not in page and "Replace S1" in page
    assert "declined on" in page
    assert "Send again to S2" in page and "Replace S2" in page
    Application.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.IN_REVIEW)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "Send again to S2" in page and "Replace S2" not in page


# Decline


def test_a_supporter_declines_from_the_link_and_the_applicant_hears_of_it(applicant, submitted, client):
    first = supporter(submitted)
    link = signatory_link(first)
    path = link[link.index("/apply/") :]
    page = client.get(path).content.decode()
    assert "I confirm my support" in page and "I decline" in page
    response = client.post(path, {"decline": "1"})
    assert response.status_code == 200
    assert "you declined to support this application on" in response.content.decode()
    first.refresh_from_db()
    assert first.declined_at is not None and first.confirmed_at is None
    [notice] = sent_to(applicant.email)
    assert "S0 has declined to support the application of Kisumu" in notice.body
    assert submitted.get_absolute_url() in notice.body
    # a second click changes nothing and sends nothing more
    declined_at = first.declined_at
    client.post(path, {"decline": "1"})
    first.refresh_from_db()
    assert first.declined_at == declined_at
    assert len(sent_to(applicant.email)) == 1


def test_a_supporter_who_declined_may_still_confirm_and_one_who_confirmed_cannot_decline(submitted, client):
    first = supporter(submitted)
    link = signatory_link(first)
    path = link[link.index("/apply/") :]
    client.post(path, {"decline": "1"})
    client.post(path, {"confirm": "1"})
    first.refresh_from_db()
    assert first.confirmed_at is not None and first.declined_at is None
    response = client.post(path, {"decline": "1"})
    assert "I decline" not in response.content.decode()
    first.refresh_from_db()
    assert first.confirmed_at is not None and first.declined_at is None


# Staff


@pytest.fixture
def staff_client(client, reviewer):
    client.force_login(reviewer)
    return client


def test_staff_see_confirmed_pending_and_declined_with_their_dates(staff_client, submitted):
    confirmed, declined = supporter(submitted, 0), supporter(submitted, 1)
    Signatory.objects.filter(pk=confirmed.pk).update(confirmed_at=timezone.now())
    Signatory.objects.filter(pk=declined.pk).update(declined_at=timezone.now())
    page = staff_client.get(reverse("admin:applications_application_change", args=[submitted.pk])).content.decode()
    assert "2 of 5 confirmed (the applicant counts as one) · 2 still to answer · 1 declined" in page
    for label in ("Confirmed<br><small>", "Declined<br><small>", "Invited, no answer yet<br><small>"):
        assert label in page  # each answer with its date


def test_approving_short_of_five_confirmed_needs_the_tick_and_the_history_keeps_it(staff_client, submitted, reviewer):
    Application.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.IN_REVIEW, reviewer=reviewer)
    Signatory.objects.filter(pk=supporter(submitted, 0).pk).update(confirmed_at=timezone.now())
    url = reverse("admin:applications_application_decide", args=[submitted.pk, "approve"])
    form = staff_client.get(url).content.decode()
    assert "Approve although only 2 of 5 signatories have confirmed" in form

    response = staff_client.post(url, {"message": "Welcome."})
    assert response.status_code == 200
    assert "Only 2 of 5 signatories have confirmed. Tick the box" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.IN_REVIEW

    response = staff_client.post(url, {"message": "Welcome.", "shortfall_accepted": "on"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.APPROVED
    change = submitted.status_changes.get(to_status=ApplicationStatus.APPROVED)
    assert change.message == "Welcome.\n\nApproved although only 2 of 5 signatories had confirmed."
    assert change.actor == reviewer


def test_the_approval_service_refuses_a_shortfall_not_accepted(submitted, reviewer):
    Application.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.IN_REVIEW, reviewer=reviewer)
    with pytest.raises(SignatoryShortfall):
        application_approve(application=submitted, reviewer=reviewer)
    assert not City.objects.exists()


def test_five_confirmed_approve_with_no_question_and_no_note(staff_client, submitted, reviewer):
    Application.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.IN_REVIEW, reviewer=reviewer)
    submitted.signatories.update(confirmed_at=timezone.now())
    url = reverse("admin:applications_application_decide", args=[submitted.pk, "approve"])
    assert "Approve although" not in staff_client.get(url).content.decode()
    assert staff_client.post(url, {"message": ""}).status_code == 302
    assert submitted.status_changes.get(to_status=ApplicationStatus.APPROVED).message == ""


def test_bulk_approval_leaves_a_shortfall_for_its_review_page(staff_client, submitted, reviewer):
    Application.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.IN_REVIEW, reviewer=reviewer)
    response = staff_client.post(
        reverse("admin:applications_application_changelist"),
        {"action": "approve_selected", "_selected_action": [submitted.pk], "confirm": "yes", "message": ""},
        follow=True,
    )
    assert "Only 1 of 5 signatories have confirmed" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.IN_REVIEW
    assert mail.outbox == []
