"""The report window, one report per city and year, and where a report may move."""

import datetime

import pytest
from django.db import IntegrityError

from members.choices import MembershipStatus
from reports import rules
from reports.choices import ReportStatus
from reports.rules import TransitionRefused
from reports.services import (
    report_accept,
    report_request_changes,
    report_send,
    report_start,
    report_submission_errors,
)
from tests.members.factories import CityFactory, UserFactory
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_window_opens_sixty_days_before_the_anniversary_and_closes_ninety_days_after():
    city = CityFactory.build(member_since=D(2015, 9, 21))
    window = rules.report_window(city, 2026)
    assert (window.anniversary, window.opens, window.closes) == (D(2026, 9, 21), D(2026, 7, 23), D(2026, 12, 20))
    assert rules.open_window(city, D(2026, 7, 22)) is None
    assert rules.open_window(city, D(2026, 7, 23)).year == 2026
    assert rules.open_window(city, D(2026, 12, 20)).year == 2026
    assert rules.open_window(city, D(2026, 12, 21)) is None


def test_a_window_around_new_year_belongs_to_the_year_of_its_anniversary():
    city = CityFactory.build(member_since=D(2015, 1, 10))
    assert rules.open_window(city, D(2026, 12, 1)).year == 2027
    assert rules.open_window(city, D(2027, 3, 31)).year == 2027
    late = CityFactory.build(member_since=D(2015, 12, 20))
    assert rules.open_window(late, D(2027, 2, 1)).year == 2026


def test_a_member_of_29_february_has_its_anniversary_on_28_february_in_other_years():
    city = CityFactory.build(member_since=D(2016, 2, 29))
    assert rules.anniversary(city, 2026) == D(2026, 2, 28)
    assert rules.anniversary(city, 2028) == D(2028, 2, 29)


def test_a_city_reports_from_its_first_anniversary_on():
    city = CityFactory.build(member_since=D(2026, 3, 1))
    assert rules.open_window(city, D(2026, 3, 1)) is None
    assert rules.open_window(city, D(2027, 3, 1)).year == 2027
    assert rules.next_window(city, D(2026, 6, 1)).year == 2027


def test_a_report_starts_only_in_its_window_and_for_an_active_city():
    user = UserFactory()
    city = CityFactory(member_since=D(2015, 9, 21))
    with pytest.raises(TransitionRefused):
        report_start(city=city, year=2026, user=user, today=D(2026, 6, 1))
    with pytest.raises(TransitionRefused):
        report_start(city=city, year=2025, user=user, today=D(2026, 9, 21))
    city.status = MembershipStatus.INACTIVE
    with pytest.raises(TransitionRefused):
        report_start(city=city, year=2026, user=user, today=D(2026, 9, 21))
    city.status = MembershipStatus.ACTIVE
    report = report_start(city=city, year=2026, user=user, today=D(2026, 9, 21))
    assert (report.status, report.created_by) == (ReportStatus.DRAFT, user)
    assert report_start(city=city, year=2026, user=user, today=D(2026, 9, 22)) == report


def test_a_city_has_one_report_a_year():
    report = ReportFactory()
    with pytest.raises(IntegrityError):
        ReportFactory(city=report.city, year=report.year)


def test_a_draft_names_what_it_still_needs_and_is_not_sent_without_it():
    report = ReportFactory(events_held=0, story="  ")
    missing = report_submission_errors(report)
    assert "events_held" not in missing  # 0 is an answer
    assert {"activities", "story", "plans", "participants"} <= set(missing)
    with pytest.raises(TransitionRefused, match="not complete"):
        report_send(report=report, user=UserFactory())


def test_the_status_flow_from_draft_to_published():
    report, reviewer, user = ReportFactory(complete=True), UserFactory(is_staff=True), UserFactory()
    with pytest.raises(TransitionRefused):
        report_accept(report=report, reviewer=reviewer)  # a draft is the city's own
    report = report_send(report=report, user=user)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    with pytest.raises(TransitionRefused):
        report_send(report=report, user=user)  # sent once
    with pytest.raises(TransitionRefused, match="Say what should change"):
        report_request_changes(report=report, reviewer=reviewer, message="   ")
    report = report_request_changes(report=report, reviewer=reviewer, message="Add the festival's figures.")
    assert (report.status, report.review_message) == (ReportStatus.CHANGES_REQUESTED, "Add the festival's figures.")
    report = report_send(report=report, user=user)
    assert report.status == ReportStatus.RESUBMITTED
    report = report_accept(report=report, reviewer=reviewer)
    assert (report.status, report.reviewed_by) == (ReportStatus.ACCEPTED, reviewer) and report.accepted_at
    with pytest.raises(TransitionRefused):
        report_request_changes(report=report, reviewer=reviewer, message="Too late.")
    reasons = [version.history_change_reason for version in report.history.order_by("history_id")]
    assert reasons[1:] == ["Sent to ICP", "Add the festival's figures.", "Sent to ICP", "Accepted and published"]


def test_a_draft_is_not_sent_once_its_window_closed_but_an_answer_to_icp_is():
    report = ReportFactory(complete=True)
    after_window = rules.report_window(report.city, report.year).closes + datetime.timedelta(days=1)
    with pytest.raises(TransitionRefused, match="window is closed"):
        report_send(report=report, user=UserFactory(), today=after_window)
    report.status = ReportStatus.CHANGES_REQUESTED
    report.save()
    assert report_send(report=report, user=UserFactory(), today=after_window).status == ReportStatus.RESUBMITTED


def test_a_draft_of_a_city_that_became_inactive_is_not_sent():
    report = ReportFactory(complete=True)
    report.city.status = MembershipStatus.INACTIVE
    report.city.save()
    with pytest.raises(TransitionRefused):
        report_send(report=report, user=UserFactory())
