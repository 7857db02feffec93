"""Staff review in admin: the queue, accepting (which publishes), asking for changes with the reason, the e-mails."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from reports.choices import ReportStatus
from tests.members.factories import CityFactory, CoordinatorFactory, UserFactory
from tests.reports.factories import ReportFactory, member_since_for_open_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    city = CityFactory(name="Kisumu", slug="kisumu", member_since=member_since_for_open_window())
    CoordinatorFactory(city=city, user__email="amina@kisumu.example.org", user__full_name="Amina Otieno")
    return ReportFactory(city=city, complete=True, status=ReportStatus.SUBMITTED)


@pytest.fixture
def reviewer_client(client):
    reviewer = UserFactory(is_staff=True, full_name="Rita Reviewer")
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(reviewer)
    return client


def decide(client, report, decision: str, data=None, capture=None):
    with capture(execute=True):
        return client.post(f"/admin/reports/report/{report.pk}/decide/{decision}/", data or {})


def test_the_queue_shows_reports_waiting_for_review(reviewer_client, report):
    ReportFactory(city=CityFactory(name="Drafting Town"))
    ReportFactory(city=CityFactory(name="Published Town"), published=True)
    page = reviewer_client.get("/admin/reports/report/").content.decode()
    assert "Kisumu" in page and "Drafting Town" not in page and "Published Town" not in page
    assert "Published Town" in reviewer_client.get("/admin/reports/report/?queue=all").content.decode()
    change = reviewer_client.get(f"/admin/reports/report/{report.pk}/change/").content.decode()
    assert "decision-accept" in change and "decision-request_changes" in change


def test_asking_for_changes_e_mails_the_coordinators_with_the_reason(
    reviewer_client, report, django_capture_on_commit_callbacks
):
    page = decide(reviewer_client, report, "request_changes", {"message": ""}, django_capture_on_commit_callbacks)
    assert page.status_code == 200 and "This field is required." in page.content.decode()
    response = decide(
        reviewer_client,
        report,
        "request_changes",
        {"message": "Please add the festival's participants."},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CHANGES_REQUESTED
    (message,) = mail.outbox
    assert message.to == ["amina@kisumu.example.org"]
    assert message.subject == f"ICP asks for changes to the {report.year} report of Kisumu"
    assert "Amina Otieno" in message.body
    assert "Please add the festival's participants." in message.body
    assert f"https://portal.example.org/dashboard/cities/kisumu/reports/{report.year}/" in message.body
    history = reviewer_client.get(f"/admin/reports/report/{report.pk}/history/").content.decode()
    assert "Please add the festival&#x27;s participants." in history


def test_accepting_publishes_the_report_and_tells_the_coordinators(
    reviewer_client, report, django_capture_on_commit_callbacks
):
    assert decide(reviewer_client, report, "accept", {}, django_capture_on_commit_callbacks).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.accepted_at
    (message,) = mail.outbox
    assert message.subject == f"The {report.year} report of Kisumu is published"
    assert "Amina Otieno" in message.body
    assert f"https://portal.example.org/cities/kisumu/reports/{report.year}/" in message.body
    assert Client().get(f"/cities/kisumu/reports/{report.year}/").status_code == 200
    # decided: nothing more to decide
    page = decide(reviewer_client, report, "accept", {}, django_capture_on_commit_callbacks)
    assert "Only a report sent to ICP and waiting for review can be decided." in page.content.decode()


def test_editors_read_reports_but_do_not_decide_them(client, report, django_capture_on_commit_callbacks):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(f"/admin/reports/report/{report.pk}/change/").status_code == 200
    assert "decision-accept" not in client.get(f"/admin/reports/report/{report.pk}/change/").content.decode()
    response = decide(client, report, "accept", {}, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and mail.outbox == []
