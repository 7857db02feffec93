import pytest

from demo.network import seed_demo_network
from reports.choices import ReportStatus
from reports.models import Report, ReportPhoto

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_few_years_of_reports_one_waiting_for_review_and_one_draft(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    seed_demo_network(cities=40)
    statuses = list(Report.objects.values_list("status", flat=True))
    assert statuses.count(ReportStatus.SUBMITTED) == 1 and statuses.count(ReportStatus.DRAFT) == 1
    assert statuses.count(ReportStatus.ACCEPTED) >= 15
    assert Report.objects.values("city").distinct().count() == 8
    assert Report.objects.values("year").distinct().count() >= 3
    assert ReportPhoto.objects.count() == 1
    for report in Report.objects.exclude(status=ReportStatus.ACCEPTED):
        assert report.is_editable or report.awaits_review
    count = Report.objects.count()
    seed_demo_network(cities=40)
    assert Report.objects.count() == count  # idempotent
