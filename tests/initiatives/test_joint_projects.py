"""Joint projects: an organising city invites another member city to an initiative, that city's coordinator accepts
or declines, the organiser may withdraw the invitation or remove the partner; accepted, the initiative shows on both
city pages, in the API and in the network's figures."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from initiatives.choices import JointProjectKind, PartnershipStatus
from initiatives.models import Initiative, InitiativePartner
from initiatives.selectors import joint_project_figures
from initiatives.services import (
    initiative_partner_accept,
    initiative_partner_decline,
    initiative_partner_end,
    initiative_partner_invite,
)
from members.choices import MembershipStatus
from tests.factories import CityFactory, CoordinatorFactory, InitiativeFactory, UserFactory
from tests.initiatives.factories import InitiativePartnerFactory

pytestmark = pytest.mark.django_db


def one_page_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def organiser():
    """Ana coordinates Ashland, whose peace garden is the initiative."""
    coordinator = CoordinatorFactory(user__full_name="Ana Organiser", city__name="Ashland")
    coordinator.initiative = InitiativeFactory(city=coordinator.city, title="Peace garden")
    return coordinator


@pytest.fixture
def partner():
    """Paz coordinates Bologna, the city invited."""
    return CoordinatorFactory(
        user__full_name="Paz Partner", user__email="paz@bologna.example.org", city__name="Bologna"
    )


def invite(organiser, partner, django_capture_on_commit_callbacks) -> InitiativePartner:
    with django_capture_on_commit_callbacks(execute=True):
        return initiative_partner_invite(initiative=organiser.initiative, city=partner.city, invited_by=organiser.user)


def test_invitation_is_emailed_to_each_coordinator_of_the_invited_city_by_name(
    organiser, partner, django_capture_on_commit_callbacks, settings
):
    co_coordinator = CoordinatorFactory(city=partner.city, role="co_coordinator", user__full_name="Luca Rossi")
    partnership = invite(organiser, partner, django_capture_on_commit_callbacks)

    assert sorted(message.to[0] for message in mail.outbox) == sorted([partner.user.email, co_coordinator.user.email])
    message = next(message for message in mail.outbox if message.to == [partner.user.email])
    assert message.subject == "Ashland invites your city to a joint project"
    assert message.body.startswith("Dear Paz Partner,")
    assert "Ana Organiser, a coordinator of Ashland, invites Bologna" in message.body
    assert "“Peace garden”" in message.body
    assert f"{settings.PORTAL_BASE_URL}/dashboard/joint-projects/{partnership.pk}/" in message.body.splitlines()
    assert partnership.status == PartnershipStatus.INVITED and partnership.invited_by == organiser.user


def test_a_city_cannot_be_invited_to_its_own_initiative(organiser):
    with pytest.raises(ValidationError, match="organises this initiative"):
        initiative_partner_invite(initiative=organiser.initiative, city=organiser.city, invited_by=organiser.user)


def test_an_inactive_city_cannot_be_invited(organiser):
    withdrawn = CityFactory(status=MembershipStatus.WITHDRAWN)
    with pytest.raises(ValidationError, match="not an active member city"):
        initiative_partner_invite(initiative=organiser.initiative, city=withdrawn, invited_by=organiser.user)


def test_a_city_is_invited_once_while_the_invitation_or_partnership_stands(
    organiser, partner, django_capture_on_commit_callbacks
):
    partnership = invite(organiser, partner, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="already invited"):
        invite(organiser, partner, django_capture_on_commit_callbacks)
    initiative_partner_accept(partnership=partnership, user=partner.user)
    with pytest.raises(ValidationError, match="already a partner"):
        invite(organiser, partner, django_capture_on_commit_callbacks)


def test_a_declined_city_can_be_invited_again(organiser, partner, django_capture_on_commit_callbacks):
    initiative_partner_decline(
        partnership=invite(organiser, partner, django_capture_on_commit_callbacks), user=partner.user
    )
    again = invite(organiser, partner, django_capture_on_commit_callbacks)
    assert again.status == PartnershipStatus.INVITED
    assert organiser.initiative.partnerships.count() == 2  # the declined invitation stays, as history


def test_only_the_organising_citys_coordinators_invite(organiser, partner):
    with pytest.raises(PermissionDenied):
        initiative_partner_invite(initiative=organiser.initiative, city=CityFactory(), invited_by=partner.user)


def test_only_the_invited_citys_coordinators_answer(organiser, partner, django_capture_on_commit_callbacks):
    partnership = invite(organiser, partner, django_capture_on_commit_callbacks)
    for stranger in (organiser.user, UserFactory()):
        with pytest.raises(PermissionDenied):
            initiative_partner_accept(partnership=partnership, user=stranger)
    accepted = initiative_partner_accept(partnership=partnership, user=partner.user)
    assert accepted.status == PartnershipStatus.ACCEPTED
    assert accepted.answered_by == partner.user and accepted.accepted_on is not None
    with pytest.raises(PermissionDenied):  # answered once
        initiative_partner_decline(partnership=accepted, user=partner.user)


def test_the_organiser_withdraws_an_invitation_and_removes_a_partner_keeping_who_and_when(
    organiser, partner, django_capture_on_commit_callbacks
):
    withdrawn = initiative_partner_end(
        partnership=invite(organiser, partner, django_capture_on_commit_callbacks), user=organiser.user
    )
    assert withdrawn.status == PartnershipStatus.WITHDRAWN
    assert withdrawn.ended_by == organiser.user and withdrawn.ended_at is not None

    partnership = invite(organiser, partner, django_capture_on_commit_callbacks)
    initiative_partner_accept(partnership=partnership, user=partner.user)
    with pytest.raises(PermissionDenied):
        initiative_partner_end(partnership=partnership, user=partner.user)
    removed = initiative_partner_end(partnership=partnership, user=organiser.user)
    assert removed.status == PartnershipStatus.REMOVED
    assert removed.history.count() == 3  # invited, accepted, removed
    with pytest.raises(ValidationError):
        initiative_partner_end(partnership=removed, user=organiser.user)


def test_accepting_changes_the_initiatives_record_for_the_sync(organiser, partner, django_capture_on_commit_callbacks):
    partnership = invite(organiser, partner, django_capture_on_commit_callbacks)
    before = Initiative.objects.get(pk=organiser.initiative.pk).updated_at
    initiative_partner_accept(partnership=partnership, user=partner.user)
    assert Initiative.objects.get(pk=organiser.initiative.pk).updated_at > before


# Pages


def test_organiser_invites_by_name_on_the_partners_page(client, organiser, partner, django_capture_on_commit_callbacks):
    client.force_login(organiser.user)
    url = f"/dashboard/cities/{organiser.city.slug}/initiatives/{organiser.initiative.pk}/partners/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"city_name": "bologna"}, follow=True)
    assert "Bologna is invited" in response.text
    assert InitiativePartner.objects.get().city == partner.city
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Ashland", "Ashland organises this initiative: invite another city."),
        ("Nowhere", "No member city is called “Nowhere”. Check the spelling."),
        ("Former", "Former Town is not an active member city: only active members can be invited."),
    ],
)
def test_a_bad_choice_is_said_next_to_the_field_with_what_was_typed(client, organiser, typed, message):
    CityFactory(name="Former Town", status=MembershipStatus.WITHDRAWN)
    client.force_login(organiser.user)
    url = f"/dashboard/cities/{organiser.city.slug}/initiatives/{organiser.initiative.pk}/partners/"
    response = client.post(url, {"city_name": typed})
    assert response.status_code == 400
    assert response.context["form"].errors["city_name"] == [message]
    assert f'value="{typed}"' in response.text


def test_several_matches_are_offered_to_choose_from_without_a_script(client, organiser):
    CityFactory(name="Santa Fe"), CityFactory(name="Santa Cruz")
    client.force_login(organiser.user)
    url = f"/dashboard/cities/{organiser.city.slug}/initiatives/{organiser.initiative.pk}/partners/"
    response = client.post(url, {"city_name": "santa"})
    assert response.status_code == 400
    assert 'name="city" value="santa-cruz"' in response.text and 'value="santa-fe"' in response.text
    response = client.post(url, {"city_name": "santa", "city": "santa-fe"})
    assert response.status_code == 302
    assert InitiativePartner.objects.get().city.name == "Santa Fe"


def test_the_invited_coordinator_sees_the_invitation_on_the_dashboard_and_accepts(
    client, organiser, partner, django_capture_on_commit_callbacks
):
    partnership = invite(organiser, partner, django_capture_on_commit_callbacks)
    client.force_login(partner.user)
    dashboard = client.get("/dashboard/")
    assert f"/dashboard/joint-projects/{partnership.pk}/" in dashboard.text
    assert "Ashland invites Bologna to be a partner city." in " ".join(dashboard.text.split())
    response = client.post(f"/dashboard/joint-projects/{partnership.pk}/", {"answer": "accept"}, follow=True)
    assert "You accepted the invitation." in response.text
    assert InitiativePartner.objects.get().status == PartnershipStatus.ACCEPTED
    assert "Invitations to joint projects" not in client.get("/dashboard/").text


def test_an_unknown_answer_changes_nothing(client, organiser, partner, django_capture_on_commit_callbacks):
    partnership = invite(organiser, partner, django_capture_on_commit_callbacks)
    client.force_login(partner.user)
    response = client.post(f"/dashboard/joint-projects/{partnership.pk}/", {"answer": "maybe"})
    assert "Choose to accept or decline the invitation." in response.text
    assert InitiativePartner.objects.get().status == PartnershipStatus.INVITED


def test_the_organiser_removes_a_partner_from_the_page(client, organiser, partner):
    partnership = InitiativePartnerFactory(initiative=organiser.initiative, city=partner.city, accepted=True)
    client.force_login(organiser.user)
    base = f"/dashboard/cities/{organiser.city.slug}/initiatives/{organiser.initiative.pk}/partners/"
    response = client.post(f"{base}{partnership.pk}/end/", follow=True)
    assert "Bologna is no longer a partner or invited." in response.text
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.REMOVED and partnership.ended_by == organiser.user
    assert "Ana Organiser" in response.text  # the history names who ended it


def test_an_accepted_joint_project_shows_on_both_city_pages_in_constant_queries(
    client, organiser, partner, django_assert_max_num_queries
):
    InitiativePartnerFactory(initiative=organiser.initiative, city=partner.city, accepted=True)
    InitiativePartnerFactory(initiative=organiser.initiative, city=CityFactory(name="Cork"))  # only invited
    organiser_page = client.get(f"/cities/{organiser.city.slug}/")
    partner_page = client.get(f"/cities/{partner.city.slug}/")
    assert "Joint projects with other Cities of Peace" in organiser_page.text
    assert 'href="/cities/bologna/">Bologna</a>' in organiser_page.text
    assert "Cork" not in organiser_page.text
    assert "Peace garden" in partner_page.text
    assert 'Organised by <a href="/cities/ashland/">Ashland</a>' in partner_page.text

    with django_assert_max_num_queries(30) as few:
        client.get(f"/cities/{partner.city.slug}/")
    for _ in range(5):
        other = InitiativeFactory(city=CityFactory())
        InitiativePartnerFactory(initiative=other, city=partner.city, accepted=True)
        InitiativePartnerFactory(initiative=other, city=CityFactory(), accepted=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/cities/{partner.city.slug}/")
    assert response.text.count("Organised by") == 6


# Alliance agreements


def test_an_alliance_agreement_needs_its_signing_date_and_a_real_pdf():
    city = CityFactory()
    agreement = Initiative(
        city=city, title="Alliance", slug="alliance", category="other", kind=JointProjectKind.ALLIANCE_AGREEMENT
    )
    with pytest.raises(ValidationError) as refused:
        agreement.full_clean()
    assert "signed_on" in refused.value.message_dict
    agreement.signed_on = datetime.date(2024, 9, 21)
    agreement.agreement_document = SimpleUploadedFile("agreement.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError) as refused:
        agreement.full_clean()
    assert refused.value.message_dict["agreement_document"] == ["The document must be a PDF file."]
    agreement.agreement_document = SimpleUploadedFile("agreement.pdf", one_page_pdf())
    agreement.full_clean()


def test_an_agreement_larger_than_the_limit_is_refused_with_its_size():
    agreement = Initiative(
        city=CityFactory(),
        title="A",
        slug="a",
        category="other",
        kind=JointProjectKind.ALLIANCE_AGREEMENT,
        signed_on=datetime.date(2024, 1, 1),
        agreement_document=SimpleUploadedFile("big.pdf", one_page_pdf() + b"0" * (10 * 1024 * 1024)),
    )
    with pytest.raises(ValidationError) as refused:
        agreement.full_clean()
    assert "the limit is 10 MB" in refused.value.message_dict["agreement_document"][0]


def test_only_an_alliance_agreement_is_signed():
    initiative = InitiativeFactory.build(city=CityFactory(), signed_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="Only a City-to-City Alliance Agreement"):
        initiative.full_clean()


def test_staff_register_an_alliance_agreement_between_three_cities_in_admin(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second, third = CityFactory(name="Aurora"), CityFactory(name="Bergen"), CityFactory(name="Cusco")
    response = staff_client.post(
        "/admin/initiatives/initiative/add/",
        {
            "city": first.pk,
            "title": "Alliance of Aurora, Bergen and Cusco",
            "slug": "alliance-aurora-bergen-cusco",
            "category": "other",
            "status": "active",
            "kind": JointProjectKind.ALLIANCE_AGREEMENT,
            "signed_on": "2025-09-21",
            "agreement_document": SimpleUploadedFile("agreement.pdf", one_page_pdf(), content_type="application/pdf"),
            "partnerships-TOTAL_FORMS": "2",
            "partnerships-INITIAL_FORMS": "0",
            "partnerships-0-city": second.pk,
            "partnerships-0-status": "accepted",
            "partnerships-1-city": third.pk,
            "partnerships-1-status": "accepted",
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    agreement = Initiative.objects.get(slug="alliance-aurora-bergen-cusco")
    assert sorted(agreement.partnerships.values_list("city__name", "accepted_on")) == [
        ("Bergen", datetime.date(2025, 9, 21)),
        ("Cusco", datetime.date(2025, 9, 21)),
    ]
    download = staff_client.get(agreement.agreement_document.url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    figures = joint_project_figures()
    assert (figures.joint_projects, figures.alliance_agreements, figures.cities_connected) == (1, 1, 3)


def test_the_agreement_of_a_city_no_longer_a_member_is_hidden_from_the_public(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = InitiativeFactory(
        kind=JointProjectKind.ALLIANCE_AGREEMENT,
        signed_on=datetime.date(2024, 1, 1),
        agreement_document=SimpleUploadedFile("agreement.pdf", one_page_pdf()),
        city__status=MembershipStatus.WITHDRAWN,
    )
    assert client.get(agreement.agreement_document.url).status_code == 404
    assert client.get("/agreements/agreements/nothing/here.pdf").status_code == 404


# Figures


def test_figures_count_joint_projects_cities_and_links_per_year_cumulative():
    a, b, c, d = (CityFactory() for _ in range(4))
    garden = InitiativeFactory(city=a)
    InitiativePartnerFactory(initiative=garden, city=b, accepted=True, accepted_on=datetime.date(2022, 3, 1))
    InitiativePartnerFactory(initiative=garden, city=c, accepted=True, accepted_on=datetime.date(2024, 3, 1))
    agreement = InitiativeFactory(city=c, kind=JointProjectKind.ALLIANCE_AGREEMENT, signed_on=datetime.date(2024, 1, 1))
    InitiativePartnerFactory(initiative=agreement, city=d, accepted=True, accepted_on=datetime.date(2024, 1, 1))
    InitiativePartnerFactory(initiative=InitiativeFactory(city=a), city=d)  # only invited: no link
    InitiativePartnerFactory(
        initiative=InitiativeFactory(city=b), city=CityFactory(status=MembershipStatus.WITHDRAWN), accepted=True
    )  # a former member: no link

    figures = joint_project_figures()

    assert (figures.joint_projects, figures.alliance_agreements, figures.cities_connected, figures.links) == (
        2,
        1,
        4,
        3,
    )
    assert [(year.year, year.links, year.new) for year in figures.links_by_year] == [
        (2022, 1, 1),
        (2023, 1, 0),
        (2024, 3, 2),
    ]


def test_progress_page_shows_the_figures_and_the_chart(client):
    InitiativePartnerFactory(accepted=True, accepted_on=datetime.date(2023, 6, 1))
    response = client.get("/progress/")
    assert response.status_code == 200
    section = response.text.split('data-testid="joint-projects-impact"')[1]
    assert "Links between cities over time" in section
    assert '<rect class="links-bar"' in section
    assert '<th scope="row">2023</th><td>1</td><td>1</td>' in section


def test_progress_page_says_nothing_of_joint_projects_before_the_first(client):
    assert "joint-projects-impact" not in client.get("/progress/").text


def test_the_initiatives_page_names_its_partner_cities_and_an_agreements_signed_pdf(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = InitiativeFactory(
        title="Alliance",
        kind=JointProjectKind.ALLIANCE_AGREEMENT,
        signed_on=datetime.date(2024, 9, 21),
        agreement_document=SimpleUploadedFile("agreement.pdf", one_page_pdf()),
    )
    InitiativePartnerFactory(initiative=agreement, city=CityFactory(name="Bergen"), accepted=True)
    InitiativePartnerFactory(initiative=agreement, city=CityFactory(name="Cork"))  # only invited
    page = " ".join(client.get(agreement.get_absolute_url()).text.split())
    assert '<dt>Partner cities</dt><dd> <a href="/cities/bergen/">Bergen</a></dd>' in page
    assert "Cork" not in page
    assert "City-to-City Alliance Agreement" in page and "Sept. 21, 2024" in page
    assert f'href="{agreement.agreement_document.url}">Signed agreement (PDF)' in page
