"""A member list of any size imports without a timeout (issue 13, finding 14): more than IMPORT_ROWS_IN_REQUEST
rows are checked and imported by a worker, with progress and a report; a small list keeps its preview in the
request. And a file no row of which can be read answers with a message (finding 17)."""

from datetime import timedelta

import pytest
import tablib
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from icp_portal.uploads import private_storage
from members.choices import IMPORT_ROWS_IN_REQUEST, ImportStatus
from members.imports import member_list_import_run, member_list_import_start, pending_file
from members.models import City, MemberListImport
from members.resources import NO_HEADER, CityResource
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "member_number,name,community_type,country,region,member_since,pathway,status,latitude,longitude\n"
IMPORT = "/admin/members/city/import/"


def member_rows(count: int, *, first: int = 1) -> str:
    return "".join(
        f"{number},Town {number},town,KE,Region {number % 7},2015-03-{1 + number % 28:02d},proclamation,active,"
        f"{-1 + number / 10_000:.6f},{34 + number / 10_000:.6f}\n"
        for number in range(first, first + count)
    )


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("members.csv", text.encode(), content_type="text/csv")


@pytest.fixture
def editor_client(client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def job_page(client, job: MemberListImport) -> str:
    return client.get(f"{IMPORT}?job={job.pk}").content.decode()


def test_a_large_list_is_checked_by_a_worker_and_imported_once_confirmed(
    editor_client, django_capture_on_commit_callbacks
):
    rows = IMPORT_ROWS_IN_REQUEST + 50
    with django_capture_on_commit_callbacks(execute=True):
        answer = editor_client.post(IMPORT, {"import_file": upload(HEADER + member_rows(rows)), "format": "0"})
    job = MemberListImport.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"{IMPORT}?job={job.pk}"
    assert job.status == ImportStatus.PREVIEWED and job.dry_run
    assert (job.total_rows, job.processed_rows, job.new_rows, job.errors) == (rows, rows, rows, [])
    assert not City.objects.exists(), "a preview keeps nothing"
    assert 'name="confirm_job"' in job_page(editor_client, job)
    assert f"?job={job.pk}" in editor_client.get(IMPORT).content.decode(), "the import page links its page"

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(IMPORT, {"confirm_job": job.pk})
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED and job.new_rows == rows
    assert City.objects.count() == rows
    assert not private_storage.exists(pending_file(name=job.stored_file_name, file_format="csv").get_full_path())
    assert "Back to the member list" in job_page(editor_client, job)

    # A second confirmation (another tab, the back button) imports nothing more.
    with django_capture_on_commit_callbacks(execute=True) as queued:
        editor_client.post(IMPORT, {"confirm_job": job.pk})
    assert queued == [] and City.objects.count() == rows


def test_a_page_being_processed_shows_the_progress_and_refreshes_itself(editor_client):
    job = MemberListImport.objects.create(
        original_file_name="members.csv", stored_file_name="x", file_format="csv", total_rows=457, processed_rows=120
    )
    page = job_page(editor_client, job)
    assert '<meta http-equiv="refresh"' in page and "120 of 457 rows" in page
    job.status = ImportStatus.PREVIEWED
    job.save()
    assert '<meta http-equiv="refresh"' not in job_page(editor_client, job)


def test_a_small_list_is_previewed_in_the_request_as_before(editor_client):
    answer = editor_client.post(IMPORT, {"import_file": upload(HEADER + member_rows(3)), "format": "0"})
    page = answer.content.decode()
    assert answer.status_code == 200 and "Confirm import" in page and "Town 2" in page
    assert not MemberListImport.objects.exists()


def test_the_report_counts_rows_new_updated_and_unchanged_and_names_each_refused_row(
    editor_client, django_capture_on_commit_callbacks
):
    existing = HEADER + member_rows(2)
    CityResource().import_data(tablib.Dataset().load(existing, format="csv"), raise_errors=False)
    CityFactory(member_number=3, name="Old name", country="KE")
    text = HEADER + member_rows(IMPORT_ROWS_IN_REQUEST + 10)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(IMPORT, {"import_file": upload(text), "format": "0"})
    job = MemberListImport.objects.get()
    assert (job.new_rows, job.updated_rows, job.skipped_rows) == (IMPORT_ROWS_IN_REQUEST + 7, 1, 2)

    bad = text.replace("5,Town 5,town,KE", "5,Town 5,town,Atlantis").replace(
        "7,Town 7,town,KE,Region 0,2015-03-08", "7,Town 7,town,KE,Region 0,2999-01-01"
    )
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(IMPORT, {"import_file": upload(bad), "format": "0"})
    refused = MemberListImport.objects.latest("pk")
    assert refused.status == ImportStatus.REFUSED
    assert [error["row"] for error in refused.errors] == [5, 7]
    assert "Unknown country: 'Atlantis'" in refused.errors[0]["messages"][0]
    assert refused.errors[1]["messages"] == ["member_since: Membership cannot start in the future."]
    page = job_page(editor_client, refused)
    assert "Atlantis" in page and 'name="confirm_job"' not in page


def test_a_task_delivered_twice_runs_once(editor_client):
    stored = pending_file(name=None, file_format="csv")
    stored.save((HEADER + member_rows(3)).encode())
    job = member_list_import_start(
        stored_file_name=stored.name, original_file_name="m.csv", file_format="csv", total_rows=3, user=None
    )
    assert member_list_import_run(job_id=job.pk).status == ImportStatus.PREVIEWED
    assert member_list_import_run(job_id=job.pk) is None


def test_a_list_removed_before_its_turn_fails_with_a_message(editor_client):
    job = member_list_import_start(
        stored_file_name="gone.csv", original_file_name="m.csv", file_format="csv", total_rows=3, user=None
    )
    job = member_list_import_run(job_id=job.pk)
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {"row": 0, "messages": ["The uploaded member list is no longer kept; please upload it again."]}
    ]


def test_a_file_without_a_header_row_is_refused_with_a_message_not_an_error():
    result = CityResource().import_data(tablib.Dataset(["1", "Ashland"]), dry_run=True, raise_errors=False)
    assert [str(error.error) for error in result.base_errors] == [NO_HEADER]


def test_a_row_the_database_refuses_gets_its_rule_message():
    # A population of 0 passes the field (a positive integer field takes 0); city_population_positive refuses it.
    text = HEADER.replace("\n", ",population\n") + "1,Ashland,town,US,Oregon,2015-01-01,proclamation,active,,,0\n"
    result = CityResource().import_data(tablib.Dataset().load(text, format="csv"), raise_errors=False)
    (invalid,) = result.invalid_rows
    assert invalid.error_dict == {"__all__": ["Population must be a positive number."]}
    assert not City.objects.exists()


def test_each_new_row_costs_the_same_few_queries():
    def queries_for(rows: int) -> int:
        City.objects.all().delete()
        dataset = tablib.Dataset().load(HEADER + member_rows(rows), format="csv")
        with CaptureQueriesContext(connection) as captured:
            CityResource().import_data(dataset, dry_run=True, raise_errors=False)
        return len(captured)

    per_row = (queries_for(40) - queries_for(20)) / 20
    # A savepoint and its release for the row and for its save (4); member number, slug and community unique (3);
    # the city and its history (2). The cities named, the slugs taken and the check constraints cost no query.
    assert per_row <= 9


def test_a_list_that_outlasts_the_task_time_limit_is_reported_failed_not_left_running(monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from members import tasks

    job = MemberListImport.objects.create(original_file_name="m.csv", stored_file_name="x", file_format="csv")

    def too_long(*, job_id: int):
        MemberListImport.objects.filter(pk=job_id).update(status=ImportStatus.RUNNING)
        raise SoftTimeLimitExceeded

    monkeypatch.setattr(tasks, "member_list_import_run", too_long)
    assert tasks.run_member_list_import(job.pk) == ImportStatus.FAILED
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "took too long" in job.errors[0]["messages"][0]


def test_a_run_whose_worker_died_is_taken_again_after_the_time_limit_and_not_before(editor_client, settings):
    stored = pending_file(name=None, file_format="csv")
    stored.save((HEADER + member_rows(3)).encode())
    job = MemberListImport.objects.create(
        original_file_name="m.csv", stored_file_name=stored.name, file_format="csv", status=ImportStatus.RUNNING
    )
    assert member_list_import_run(job_id=job.pk) is None  # still running somewhere
    long_ago = timezone.now() - timedelta(seconds=settings.MEMBER_IMPORT_TIME_LIMIT + 1)
    MemberListImport.objects.filter(pk=job.pk).update(updated_at=long_ago)
    assert member_list_import_run(job_id=job.pk).status == ImportStatus.PREVIEWED
