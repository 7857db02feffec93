"""The coordinators' reminders of their report window (each once, with the clock moved) and staff's list of cities
without an accepted report for two years."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from members.choices import MembershipStatus
from reports.choices import ReminderKind, ReportStatus
from reports.models import ReportReminder
from reports.services import report_reminders_send, silent_cities, silent_cities_remind
from reports.tasks import remind_reports_due, remind_staff_of_silent_cities
from tests.members.factories import CityFactory, CoordinatorFactory, UserFactory
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def city(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    city = CityFactory(name="Ashland", slug="ashland", member_since=D(2015, 9, 21))
    CoordinatorFactory(city=city, user__email="lead@ashland.example.org", user__full_name="Lena Ortiz")
    return city


def sent(capture, today) -> int:
    with capture(execute=True):
        return report_reminders_send(today=today)


def test_coordinators_hear_when_the_window_opens_and_two_weeks_before_it_closes_each_once(
    city, django_capture_on_commit_callbacks
):
    assert sent(django_capture_on_commit_callbacks, D(2026, 7, 22)) == 0  # not open yet
    assert sent(django_capture_on_commit_callbacks, D(2026, 7, 23)) == 1
    assert sent(django_capture_on_commit_callbacks, D(2026, 7, 24)) == 0  # once
    assert sent(django_capture_on_commit_callbacks, D(2026, 10, 1)) == 0
    assert sent(django_capture_on_commit_callbacks, D(2026, 12, 6)) == 1  # 14 days before 20 December
    assert sent(django_capture_on_commit_callbacks, D(2026, 12, 7)) == 0
    assert [message.to for message in mail.outbox] == [["lead@ashland.example.org"]] * 2
    opens, closing = mail.outbox
    assert opens.subject == "Ashland: the 2026 yearly report is open"
    assert "Lena Ortiz" in opens.body and "Sept. 21, 2026" in opens.body and "Dec. 20, 2026" in opens.body
    assert "https://portal.example.org/dashboard/cities/ashland/reports/2026/" in opens.body
    assert "has not been started yet" in closing.body
    assert set(ReportReminder.objects.values_list("year", "kind")) == {
        (2026, ReminderKind.WINDOW_OPENS),
        (2026, ReminderKind.WINDOW_CLOSING),
    }


def test_a_city_whose_report_is_with_icp_is_not_reminded(city, django_capture_on_commit_callbacks):
    ReportFactory(city=city, year=2026, complete=True, status=ReportStatus.SUBMITTED)
    assert sent(django_capture_on_commit_callbacks, D(2026, 7, 23)) == 0
    assert sent(django_capture_on_commit_callbacks, D(2026, 12, 6)) == 0
    assert mail.outbox == []


def test_the_closing_reminder_of_a_draft_says_it_is_still_a_draft(city, django_capture_on_commit_callbacks):
    ReportFactory(city=city, year=2026)
    assert sent(django_capture_on_commit_callbacks, D(2026, 12, 10)) == 1  # opened unseen: the closing one only
    assert "is still a draft" in mail.outbox[0].body


def test_inactive_cities_and_cities_without_coordinators_are_not_reminded(city, django_capture_on_commit_callbacks):
    city.status = MembershipStatus.INACTIVE
    city.save()
    CityFactory(member_since=D(2015, 9, 21))
    assert sent(django_capture_on_commit_callbacks, D(2026, 7, 23)) == 0


def test_the_task_runs_the_reminders():
    assert remind_reports_due.delay().get(timeout=10) == 0


def test_staff_hear_of_active_cities_without_an_accepted_report_for_two_years(city, django_capture_on_commit_callbacks):
    today = D(2027, 12, 1)
    reported = CityFactory(name="Reporting Town", member_since=D(2015, 1, 1))
    ReportFactory(city=reported, year=2026, published=True)
    old_report = CityFactory(name="Old Report Town", member_since=D(2015, 1, 1))
    ReportFactory(city=old_report, year=2023, published=True)
    CityFactory(name="New Member", member_since=D(2026, 6, 1))  # not a member for two years yet
    CityFactory(name="Withdrawn Town", member_since=D(2015, 1, 1), status=MembershipStatus.WITHDRAWN)
    assert [(c.name, c.last_accepted_year) for c in silent_cities(today=today)] == [
        ("Ashland", None),
        ("Old Report Town", 2023),
    ]
    editor = UserFactory(is_staff=True, full_name="Eda Editor", email="eda@icp.example.org")
    editor.groups.add(Group.objects.get(name="Editors"))
    UserFactory(is_staff=True, email="nogroup@icp.example.org")  # may not change cities: not told
    with django_capture_on_commit_callbacks(execute=True):
        assert silent_cities_remind(today=today) == 1
    (message,) = mail.outbox
    assert message.to == ["eda@icp.example.org"]
    assert message.subject == "2 Cities of Peace have sent no accepted report for two years"
    assert "Eda Editor" in message.body
    assert "Old Report Town, United States of America: last accepted report 2023" in message.body
    assert "Ashland, United States of America: no accepted report yet" in message.body
    assert f"https://portal.example.org/admin/members/city/?id__in={city.pk},{old_report.pk}" in message.body
    assert "Mark selected cities inactive" in message.body


def test_no_city_is_silent_before_it_could_miss_two_years_of_reports(city):
    assert silent_cities(today=D(2026, 12, 1)) == []  # the portal asks for reports from 2026
    assert [c.name for c in silent_cities(today=D(2027, 1, 1))] == ["Ashland"]


def test_the_admin_link_of_the_staff_reminder_selects_the_cities(staff_client, city):
    other = CityFactory()
    page = staff_client.get(f"/admin/members/city/?id__in={city.pk}")
    assert page.status_code == 200
    assert "Ashland" in page.content.decode() and other.name not in page.content.decode()


def test_the_staff_task_runs():
    assert remind_staff_of_silent_cities.delay().get(timeout=10) == 0


def test_a_long_list_of_silent_cities_names_fifty_and_counts_the_others(settings, django_capture_on_commit_callbacks):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    for number in range(52):
        CityFactory(name=f"Quiet {number:02}", member_since=D(2015, 1, 1))
    UserFactory(is_staff=True, is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        silent_cities_remind(today=D(2027, 12, 1))
    (message,) = mail.outbox
    assert message.subject == "52 Cities of Peace have sent no accepted report for two years"
    assert "Quiet 49" in message.body and "Quiet 50" not in message.body
    assert "And 2 more cities, in next month's list." in message.body
