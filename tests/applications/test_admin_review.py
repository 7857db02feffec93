"""Review in Django admin: the queue, the decision pages, bulk decisions with confirmation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.choices import ApplicationStatus
from applications.models import Application
from members.models import City, User
from tests.factories import CityFactory, UserFactory

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def queue(client, **filters) -> list[str]:
    response = client.get(reverse("admin:applications_application_changelist"), filters)
    assert response.status_code == 200
    return [application.name for application in response.context["cl"].result_list]


def test_queue_puts_open_applications_first_oldest_waiting_on_top(staff_client):
    applicant = UserFactory()
    older = ApplicationFactory(complete=True, applicant=applicant, name="Older", status=ApplicationStatus.SUBMITTED)
    decided = ApplicationFactory(complete=True, applicant=applicant, name="Decided", status=ApplicationStatus.REJECTED)
    newer = ApplicationFactory(complete=True, applicant=applicant, name="Newer", status=ApplicationStatus.IN_REVIEW)
    Application.objects.filter(pk=older.pk).update(submitted_at="2026-01-01T10:00Z")
    Application.objects.filter(pk=decided.pk).update(submitted_at="2025-01-01T10:00Z")
    Application.objects.filter(pk=newer.pk).update(submitted_at="2026-06-01T10:00Z")
    # The latest changed comes last: the queue's order is not the model's (latest changed first).
    Application.objects.filter(pk=newer.pk).update(updated_at="2026-01-01T10:00Z")
    Application.objects.filter(pk=older.pk).update(updated_at="2026-06-01T10:00Z")
    assert queue(staff_client) == ["Older", "Newer"]
    assert queue(staff_client, status="all") == ["Older", "Newer", "Decided"]
    page = staff_client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert "days waiting" in page.lower()


def test_queue_shows_open_applications_unless_asked_for_drafts_decided_or_all(staff_client):
    applicant = UserFactory()
    ApplicationFactory(complete=True, applicant=applicant, name="Draft")
    ApplicationFactory(complete=True, applicant=applicant, name="Submitted", status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(complete=True, applicant=applicant, name="Changes", status=ApplicationStatus.CHANGES_REQUESTED)
    ApplicationFactory(complete=True, applicant=applicant, name="Rejected", status=ApplicationStatus.REJECTED)
    ApplicationFactory(complete=True, applicant=applicant, name="Withdrawn", status=ApplicationStatus.WITHDRAWN)
    assert sorted(queue(staff_client)) == ["Changes", "Submitted"]
    assert sorted(queue(staff_client, status="open")) == ["Changes", "Submitted"]
    assert queue(staff_client, status="drafts") == ["Draft"]
    assert sorted(queue(staff_client, status="decided")) == ["Rejected", "Withdrawn"]
    assert len(queue(staff_client, status="all")) == 5
    page = staff_client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert 'class="selected"><a href="?status=open"' in page.replace("\n", "").replace("  ", "")


def test_queue_lists_applicant_status_submitted_days_waiting_and_reviewer(staff_client):
    reviewer = UserFactory(is_staff=True, full_name="Grace Reviewer")
    application = ApplicationFactory(
        complete=True,
        applicant=UserFactory(full_name="Amina Odhiambo"),
        status=ApplicationStatus.IN_REVIEW,
        reviewer=reviewer,
    )
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - timedelta(days=12))
    changelist = staff_client.get(reverse("admin:applications_application_changelist")).context["cl"]
    assert changelist.list_display[1:] == ["name", "applicant_name", "status", "submitted", "days_waiting", "reviewer"]
    page = staff_client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert "Amina Odhiambo" in page and "Grace Reviewer" in page
    assert '<td class="field-days_waiting">12</td>' in page


def test_reviewer_filter_lists_staff_only_by_name(staff_client):
    UserFactory(full_name="Zoe Coordinator", email="zoe@example.org")
    UserFactory(is_staff=True, full_name="Bea Reviewer")
    UserFactory(is_staff=True, full_name="Ada Reviewer")
    response = staff_client.get(reverse("admin:applications_application_changelist"))
    reviewer_filter = next(spec for spec in response.context["cl"].filter_specs if spec.title == "reviewer")
    names = [name for _pk, name in reviewer_filter.lookup_choices]
    assert "Zoe Coordinator" not in names
    assert names.index("Ada Reviewer") < names.index("Bea Reviewer")
    assert names == [str(user) for user in User.objects.filter(is_staff=True).order_by("full_name", "email")]


def test_queue_page_costs_the_same_few_queries_for_many_applications(staff_client, django_assert_max_num_queries):
    reviewer = UserFactory(is_staff=True)
    for number in range(30):
        ApplicationFactory(
            complete=True,
            applicant=UserFactory(),
            name=f"Community {number}",
            status=ApplicationStatus.IN_REVIEW,
            reviewer=reviewer,
        )
    # session and user, counts (filtered and whole), the page of applications with applicant and reviewer joined,
    # the reviewer filter's staff, the choices of the other filters; savepoints of the admin's atomic request
    with django_assert_max_num_queries(14):
        assert len(queue(staff_client)) == 30


def test_export_follows_the_queues_filter(client):
    editor = UserFactory(is_staff=True, is_superuser=True)
    ApplicationFactory(complete=True, applicant=UserFactory(email="drafting@example.org"), name="Draft")
    ApplicationFactory(
        complete=True,
        applicant=UserFactory(email="waiting@example.org"),
        name="Open",
        status=ApplicationStatus.SUBMITTED,
    )
    client.force_login(editor)
    form = {"format": "0", "resource": "0", "applicationresource_applicant_email": "on"}
    exported = client.post("/admin/applications/application/export/", form).content
    assert b"waiting@example.org" in exported and b"drafting@example.org" not in exported
    exported = client.post("/admin/applications/application/export/?status=drafts", form).content
    assert b"drafting@example.org" in exported and b"waiting@example.org" not in exported


def test_queue_filters_by_continent_and_searches_by_coordinator_email(staff_client):
    ApplicationFactory(
        complete=True, applicant=UserFactory(email="amina@example.org"), name="Kisumu", country="KE", status="submitted"
    )
    ApplicationFactory(complete=True, applicant=UserFactory(), name="Lyon", country="FR", status="submitted")
    url = reverse("admin:applications_application_changelist")
    assert [a.name for a in staff_client.get(url, {"continent": "AF"}).context["cl"].result_list] == ["Kisumu"]
    assert [a.name for a in staff_client.get(url, {"q": "amina@"}).context["cl"].result_list] == ["Kisumu"]


def test_review_page_shows_possible_duplicates_and_members_nearby(staff_client):
    CityFactory(name="Kisumu", country="KE", region="", latitude="-0.1", longitude="34.75", slug="kisumu")
    application = ApplicationFactory(
        complete=True, applicant=UserFactory(), status=ApplicationStatus.SUBMITTED, latitude="-0.09", longitude="34.76"
    )
    page = staff_client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert "Possible duplicates" in page
    assert 'href="/cities/kisumu/"' in page
    assert "Take for review" in page


def test_review_page_shows_open_applications_with_a_similar_name_too(staff_client):
    ApplicationFactory(complete=True, applicant=UserFactory(), name="Kisumu Town", status=ApplicationStatus.SUBMITTED)
    application = ApplicationFactory(
        complete=True, applicant=UserFactory(), name="Kisumu", status=ApplicationStatus.SUBMITTED
    )
    page = staff_client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert "Kisumu Town — open application" in page


def test_request_for_changes_without_a_message_is_refused_on_the_page(staff_client):
    application = ApplicationFactory(complete=True, applicant=UserFactory(), status=ApplicationStatus.IN_REVIEW)
    url = reverse("admin:applications_application_decide", args=[application.pk, "request_changes"])
    response = staff_client.post(url, {"message": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW


def test_take_then_approve_through_the_decision_pages(staff_client):
    application = ApplicationFactory(complete=True, applicant=UserFactory(), status=ApplicationStatus.SUBMITTED)
    staff_client.post(reverse("admin:applications_application_decide", args=[application.pk, "take"]), {})
    application.refresh_from_db()
    assert (application.status, application.reviewer) == (ApplicationStatus.IN_REVIEW, staff_client.staff)
    staff_client.post(reverse("admin:applications_application_decide", args=[application.pk, "approve"]), {})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert City.objects.get().name == "Kisumu"


def test_bulk_reject_asks_for_confirmation_and_a_reason(staff_client):
    applicant = UserFactory()
    first = ApplicationFactory(complete=True, applicant=applicant, name="First", status=ApplicationStatus.IN_REVIEW)
    second = ApplicationFactory(complete=True, applicant=applicant, name="Second", status=ApplicationStatus.SUBMITTED)
    url = reverse("admin:applications_application_changelist")
    selection = {"action": "reject_selected", "_selected_action": [first.pk, second.pk]}
    confirmation = staff_client.post(url, selection)
    assert "First" in confirmation.content.decode() and confirmation.status_code == 200
    assert Application.objects.get(pk=first.pk).status == ApplicationStatus.IN_REVIEW  # nothing yet

    staff_client.post(url, {**selection, "confirm": "yes", "message": ""})
    assert Application.objects.get(pk=first.pk).status == ApplicationStatus.IN_REVIEW  # a reason is required

    response = staff_client.post(
        url, {**selection, "confirm": "yes", "message": "Outside the network's scope."}, follow=True
    )
    assert Application.objects.get(pk=first.pk).status == ApplicationStatus.REJECTED
    assert Application.objects.get(pk=second.pk).status == ApplicationStatus.SUBMITTED  # skipped, and said so
    assert "Second:" in response.content.decode()


def test_bulk_approve_creates_one_city_per_application(staff_client):
    applicant = UserFactory()
    first = ApplicationFactory(complete=True, applicant=applicant, name="Kisumu", status=ApplicationStatus.IN_REVIEW)
    second = ApplicationFactory(complete=True, applicant=applicant, name="Nakuru", status=ApplicationStatus.IN_REVIEW)
    url = reverse("admin:applications_application_changelist")
    staff_client.post(url, {"action": "approve_selected", "_selected_action": [first.pk, second.pk], "confirm": "yes"})
    assert sorted(City.objects.values_list("name", flat=True)) == ["Kisumu", "Nakuru"]
    assert sorted(City.objects.values_list("member_number", flat=True)) == [1, 2]


def test_bulk_approve_approves_the_rest_and_names_the_one_already_a_member(staff_client):
    CityFactory(name="Kisumu", country="KE", region="", member_number=5)
    applicant = UserFactory()
    duplicate = ApplicationFactory(
        complete=True, applicant=applicant, name="KISUMU", status=ApplicationStatus.IN_REVIEW
    )
    other = ApplicationFactory(complete=True, applicant=applicant, name="Nakuru", status=ApplicationStatus.IN_REVIEW)
    url = reverse("admin:applications_application_changelist")
    response = staff_client.post(
        url, {"action": "approve_selected", "_selected_action": [duplicate.pk, other.pk], "confirm": "yes"}, follow=True
    )
    assert "KISUMU: Kisumu, Kenya (member 5) has the same name and region" in response.content.decode()
    assert sorted(City.objects.values_list("name", flat=True)) == ["Kisumu", "Nakuru"]
    duplicate.refresh_from_db()
    assert duplicate.status == ApplicationStatus.IN_REVIEW


def test_after_approval_the_new_city_is_no_duplicate_and_the_message_names_its_number_with_links(staff_client):
    application = ApplicationFactory(complete=True, applicant=UserFactory(), status=ApplicationStatus.SUBMITTED)
    staff_client.post(reverse("admin:applications_application_decide", args=[application.pk, "take"]), {})
    response = staff_client.post(
        reverse("admin:applications_application_decide", args=[application.pk, "approve"]), {}, follow=True
    )
    city = City.objects.get()
    page = response.content.decode()
    assert f"Kisumu is now City of Peace no. {city.member_number}" in page
    assert f'href="{reverse("admin:members_city_change", args=[city.pk])}"' in page
    assert f'href="{city.get_absolute_url()}"' in page
    assert "Possible duplicates" in page
    assert response.context["similar"] == []


def test_every_decision_the_workflow_knows_has_its_row_in_the_admin_table():
    from applications import review, workflow
    from applications.admin import DECISIONS, ApplicationAdmin

    assert set(DECISIONS) == set(workflow.DECISION_POSSIBLE)
    assert all(getattr(review, decision.service.__name__) is decision.service for decision in DECISIONS.values())
    # Every bulk action of the list is one of the table's decisions, guarded by the decision's permission.
    for name in ApplicationAdmin.actions:
        action = getattr(ApplicationAdmin, name)
        assert action.short_description in [decision.bulk_description for decision in DECISIONS.values()]
        assert action.allowed_permissions == ["decide"]
