"""The coordinators' report: prefilled, saved as a draft, errors beside their fields, a photo kept, sent to ICP."""

import pytest
from django.utils import timezone

from reports.choices import STANDARD_FIGURES, ReportStatus
from reports.models import Report, ReportPhoto
from tests.applications.conftest import formset_management, png_upload
from tests.initiatives.factories import InitiativeFactory
from tests.members.factories import CityFactory, CoordinatorFactory
from tests.reports.factories import ReportFactory, member_since_for_open_window

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def city(coordinator, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    city = CityFactory(name="Kisumu", slug="kisumu", country="KE", member_since=member_since_for_open_window())
    CoordinatorFactory(city=city, user=coordinator)
    return city


def url(city, year=YEAR) -> str:
    return f"/dashboard/cities/{city.slug}/reports/{year}/"


def form_data(**overrides) -> dict:
    data = {
        "report-activities": "Peace circles in four schools.",
        "report-events_held": "12",
        "report-participants": "640",
        "report-volunteers": "35",
        "report-partner_organisations": "8",
        "report-people_reached": "4200",
        "report-hours_volunteered": "900",
        "report-story": "The traders now run the festival together.",
        "report-plans": "A mediation desk at the town hall.",
        **formset_management("indicators", 2),
        "indicators-0-name": "School fights reported",
        "indicators-0-value": "14",
        "indicators-0-unit": "incidents",
        "indicators-0-source": "School board",
        "indicators-0-year": "2025",
        **formset_management("photos", 3),
        "photos-0-caption": "The festival",
        "photos-0-credit": "Photo: J. Achieng, shared with permission",
    }
    data.update(overrides)
    return data


def test_a_new_report_is_prefilled_with_the_initiatives_of_the_year(coordinator_client, city):
    this_year = InitiativeFactory(city=city, title="Peace circles", start_date=timezone.localdate(), end_date=None)
    InitiativeFactory(city=city, title="Old garden", start_date="2012-01-01", end_date="2012-12-31")
    page = coordinator_client.get(url(city))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["initiatives"] == [this_year.pk]
    assert form.initial["activities"] == "• Peace circles"
    assert not Report.objects.exists()  # nothing stored until saved


def test_the_dashboard_offers_the_report_of_the_open_window(coordinator_client, city):
    page = coordinator_client.get("/dashboard/").content.decode()
    assert f"File the {YEAR} report" in page and url(city) in page


def test_a_coordinator_files_a_report_with_a_photo_from_draft_to_icp(coordinator_client, city):
    initiative = InitiativeFactory(city=city)
    draft = form_data(**{"report-story": "", "report-initiatives": [initiative.pk]})
    draft["photos-0-image"] = png_upload("festival.png")
    response = coordinator_client.post(url(city), draft)
    assert response.status_code == 302 and response["Location"] == url(city)
    report = Report.objects.get(city=city, year=YEAR)
    assert report.status == ReportStatus.DRAFT and report.participants == 640
    assert list(report.initiatives.all()) == [initiative]
    assert report.indicators.get().name == "School fights reported"
    photo = report.photos.get()
    assert (photo.caption, photo.original_name) == ("The festival", "festival.png")
    assert photo.image.name.endswith(".png") and "festival" not in photo.image.name

    # Sending without the story: saved, and the story is asked for beside its field.
    saved = {
        **form_data(**{"report-story": ""}),
        **formset_management("indicators", 3, initial=1),
        "indicators-0-id": report.indicators.get().pk,
        **formset_management("photos", 3, initial=1),
        "photos-0-id": photo.pk,
        "send": "1",
    }
    page = coordinator_client.post(url(city), saved)
    assert page.status_code == 400
    body = page.content.decode()
    assert "There is a problem" in body and "Your answers are saved as a draft" in body
    assert page.context["form"].errors["story"] == ["Story of the year: needed before you send the report to ICP."]
    assert 'href="#id_report-story"' in body

    saved["report-story"] = "The traders now run the festival together."
    response = coordinator_client.post(url(city), saved, follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    assert report.photos.count() == 1 and report.indicators.count() == 1
    assert "your report is with ICP" in response.content.decode()
    assert "Sent to ICP on" in response.content.decode()  # the report as sent, no longer a form


def test_a_mistyped_figure_is_shown_beside_its_field_and_nothing_typed_is_lost(coordinator_client, city):
    data = form_data(**{"report-volunteers": "-3", "report-participants": "many"})
    data["photos-0-image"] = png_upload("festival.png")
    page = coordinator_client.post(url(city), data)
    assert page.status_code == 400
    form = page.context["form"]
    assert form.errors["volunteers"] == ["Ensure this value is greater than or equal to 0."]
    assert form.errors["participants"] == ["Enter a whole number."]
    body = page.content.decode()
    assert "Peace circles in four schools." in body and 'value="many"' in body
    # The photo and the indicator, valid, are kept (a browser cannot send a file input back), and shown as rows of
    # the report: sending the page again corrected saves them once.
    photo = ReportPhoto.objects.get(report__city=city, caption="The festival")
    indicator = Report.objects.get(city=city).indicators.get()
    assert f'name="photos-0-id" value="{photo.pk}"' in body and 'name="photos-INITIAL_FORMS" value="1"' in body
    again = {
        **form_data(),
        **formset_management("indicators", 3, initial=1),
        "indicators-0-id": indicator.pk,
        **formset_management("photos", 3, initial=1),
        "photos-0-id": photo.pk,
        "send": "1",
    }
    assert coordinator_client.post(url(city), again).status_code == 302
    report = Report.objects.get(city=city)
    assert report.status == ReportStatus.SUBMITTED
    assert (report.photos.count(), report.indicators.count()) == (1, 1)


def test_photo_rows_need_a_caption_and_a_credit_and_a_real_image(coordinator_client, city):
    data = form_data(**{"photos-0-credit": ""})
    data["photos-0-image"] = png_upload("festival.png")
    data["photos-1-caption"] = "Without its photo"
    page = coordinator_client.post(url(city), data)
    assert page.status_code == 400
    messages = [item["message"] for item in page.context["error_list"]]
    # Each named by its field's label: the summary lists the problems of every row together.
    assert "Credit and rights: Say who took the photo and that it may be published." in messages
    assert "Photo (JPEG or PNG, up to 5 MB): Choose the photo this caption belongs to." in messages
    fake = form_data()
    fake["photos-0-image"] = png_upload("x.png").__class__("x.png", b"<html>not a picture</html>", "image/png")
    page = coordinator_client.post(url(city), fake)
    assert "Photo (JPEG or PNG, up to 5 MB): The photo must be a JPEG or PNG image." in [
        item["message"] for item in page.context["error_list"]
    ]
    assert not ReportPhoto.objects.exists()


def test_an_indicator_needs_a_name_and_a_value(coordinator_client, city):
    page = coordinator_client.post(url(city), form_data(**{"indicators-0-name": "", "indicators-1-value": "3"}))
    assert page.status_code == 400
    messages = [item["message"] for item in page.context["error_list"]]
    assert messages.count("Indicator: Name the indicator.") == 2


def test_icps_request_for_changes_is_shown_and_the_answer_resubmits(coordinator_client, city):
    report = ReportFactory(city=city, complete=True, status=ReportStatus.CHANGES_REQUESTED, review_message="More!")
    page = coordinator_client.get(url(city))
    assert "ICP asks for changes" in page.content.decode() and "More!" in page.content.decode()
    data = {**form_data(), **formset_management("indicators", 2), **formset_management("photos", 3), "send": "1"}
    data.pop("photos-0-caption"), data.pop("photos-0-credit")
    coordinator_client.post(url(city), data)
    report.refresh_from_db()
    assert report.status == ReportStatus.RESUBMITTED
    assert all(getattr(report, name) is not None for name in STANDARD_FIGURES)


def test_outside_the_window_no_report_is_started(coordinator_client, city):
    assert coordinator_client.get(url(city, YEAR + 1)).status_code == 404
    assert coordinator_client.post(url(city, YEAR + 1), form_data()).status_code == 404
    assert coordinator_client.get(url(city, 1999)).status_code == 404
    assert not Report.objects.exists()


def test_another_citys_coordinator_cannot_open_the_report(client, city):
    report = ReportFactory(city=city)
    client.force_login(CoordinatorFactory().user)
    assert client.get(url(city)).status_code == 404
    assert client.post(url(city), form_data()).status_code == 404
    report.refresh_from_db()
    assert report.activities == ""


def test_the_published_report_is_on_the_city_page_and_has_its_own(client, city, django_assert_max_num_queries):
    published = ReportFactory(city=city, year=YEAR - 1, published=True)
    photo = ReportPhoto.objects.create(report=published, image=png_upload("garden.png"), caption="Garden", credit="Me")
    ReportFactory(city=city, complete=True, status=ReportStatus.SUBMITTED)
    city_page = client.get(f"/cities/{city.slug}/").content.decode()
    assert f"Report {YEAR - 1}" in city_page and f"Report {YEAR}<" not in city_page
    # the report with its city; its indicators, photos and initiatives; the session-less page's own
    with django_assert_max_num_queries(5):
        page = client.get(f"/cities/{city.slug}/reports/{YEAR - 1}/")
    assert page.status_code == 200 and "Garden" in page.content.decode()
    assert client.get(f"/cities/{city.slug}/reports/{YEAR}/").status_code == 404  # not yet accepted
    image = client.get(photo.get_absolute_url())
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"


def test_the_sitemap_lists_published_reports_only(client, city):
    published = ReportFactory(city=city, year=YEAR - 1, published=True)
    draft = ReportFactory(city=city)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert published.get_absolute_url() in sitemap and draft.get_absolute_url() not in sitemap
