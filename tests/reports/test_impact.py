"""The impact figures the progress page will show: reports filed and their share of members, the totals."""

import pytest
from django.template.loader import render_to_string

from members.choices import MembershipStatus
from reports.choices import ReportStatus
from reports.selectors import reports_impact
from tests.members.factories import CityFactory
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_reports_of_a_year_are_counted_and_the_published_figures_added_up(django_assert_num_queries):
    ReportFactory(year=2026, published=True, events_held=10, volunteers=None)
    ReportFactory(year=2026, published=True, events_held=5, volunteers=7)
    ReportFactory(year=2026, complete=True, status=ReportStatus.SUBMITTED, events_held=1000)  # filed, not published
    ReportFactory(year=2026)  # a draft is not filed
    ReportFactory(year=2025, published=True)  # another year
    CityFactory(status=MembershipStatus.INACTIVE)
    # one for the reports' figures, one for the active members
    with django_assert_num_queries(2):
        impact = reports_impact(2026)
    assert (impact["filed"], impact["published"], impact["active_members"], impact["share_filed"]) == (3, 2, 5, 60)
    totals = {figure["name"]: figure["total"] for figure in impact["totals"]}
    assert totals["events_held"] == 15 and totals["volunteers"] == 7 and totals["people_reached"] == 8400


def test_a_year_without_reports_counts_zero():
    impact = reports_impact(2030)
    assert impact["filed"] == 0 and impact["share_filed"] == 0
    assert all(figure["total"] == 0 for figure in impact["totals"])


def test_the_impact_include_shows_the_figures():
    ReportFactory(year=2026, published=True)
    html = render_to_string("reports/includes/impact.html", {"impact": reports_impact(2026)})
    assert "Yearly reports 2026" in html
    assert "1 report filed, 100% of 1 active members." in html
    assert "<dt>Events held</dt>" in html and "<dd>12</dd>" in html
