"""Services of a member list imported in the background (MemberListImport): start, confirm, run.

A list of more than IMPORT_ROWS_IN_REQUEST rows would keep a web request past gunicorn's timeout, so a worker
checks it (the preview, nothing kept) and, once staff confirm, imports it with the same resource the admin uses
for small files (members.resources.CityResource: all or nothing). The task (members.tasks) only calls
member_list_import_run with the row's id.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from import_export.formats import base_formats
from import_export.results import Result

from .choices import ImportStatus
from .models import MemberListImport, User
from .resources import CityResource, PendingImportStorage

# The formats the admin offers for import (settings IMPORT_FORMATS), by the name a job keeps.
FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}
# As django-import-export's admin reads a text file (ImportMixin.from_encoding): UTF-8, with or without its BOM.
TEXT_ENCODING = "utf-8-sig"
# A job still running after the task's hard time limit has lost its worker: it may be run again.
RUN_GIVEN_UP_AFTER = timedelta(seconds=settings.MEMBER_IMPORT_TIME_LIMIT)
FILE_GONE = gettext_noop("The uploaded member list is no longer kept; please upload it again.")
MOST_ERRORS_KEPT = 1000


class ReportedCityResource(CityResource):
    """The member list's resource as a worker runs it: its report has no page of differences to show, so the
    differences are not drawn (the unchanged rows are still recognised, and skipped)."""

    class Meta(CityResource.Meta):
        skip_html_diff = True


def format_name(file_format: type[base_formats.Format]) -> str:
    return next(name for name, each in FORMATS.items() if each is file_format)


def pending_file(*, name: str | None, file_format: str) -> PendingImportStorage:
    reader = FORMATS[file_format]()
    encoding = None if reader.is_binary() else TEXT_ENCODING
    return PendingImportStorage(name=name, encoding=encoding, read_mode=reader.get_read_mode())


def member_list_import_start(
    *, stored_file_name: str, original_file_name: str, file_format: str, total_rows: int, user: User
) -> MemberListImport:
    """Queues the preview of a member list already kept in PendingImportStorage under `stored_file_name`."""
    job = MemberListImport.objects.create(
        created_by=user,
        stored_file_name=stored_file_name,
        original_file_name=original_file_name[:255],
        file_format=file_format,
        total_rows=total_rows,
        dry_run=True,
    )
    _queue_after_commit(job.pk)
    return job


def member_list_import_confirm(*, job: MemberListImport) -> bool:
    """Queues the import of a previewed list. Only the first of two confirmations (a second click, another tab)
    queues it: the row changes from previewed to queued once. Returns whether this one did."""
    confirmed = MemberListImport.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED, dry_run=False, processed_rows=0, updated_at=timezone.now()
    )
    if confirmed:
        _queue_after_commit(job.pk)
    return bool(confirmed)


def member_list_import_run(*, job_id: int) -> MemberListImport | None:
    """Checks (preview) or imports the job's file and keeps the report; None when the job is not this run's."""
    now = timezone.now()
    # Claimed with a conditional UPDATE, so a task delivered twice runs once; a run whose worker died (still
    # "running" long after the time limit) is taken again: all or nothing, it kept nothing.
    abandoned = Q(status=ImportStatus.RUNNING, updated_at__lt=now - RUN_GIVEN_UP_AFTER)
    claimable = MemberListImport.objects.filter(Q(status=ImportStatus.QUEUED) | abandoned, pk=job_id)
    if not claimable.update(status=ImportStatus.RUNNING, processed_rows=0, updated_at=now):
        return None
    job = MemberListImport.objects.select_related("created_by").get(pk=job_id)
    stored = pending_file(name=job.stored_file_name, file_format=job.file_format)
    try:
        dataset = FORMATS[job.file_format](encoding=TEXT_ENCODING).create_dataset(stored.read())
    except FileNotFoundError:
        return _finish(job, ImportStatus.FAILED, errors=[{"row": 0, "messages": [_(FILE_GONE)]}])
    except Exception:  # any reader's error (tablib, openpyxl, codecs): the file is not what its format says
        message = _("The file could not be read as %(format)s.") % {"format": job.file_format.upper()}
        return _finish(job, ImportStatus.REFUSED, errors=[{"row": 0, "messages": [message]}], remove_file=stored)
    job.total_rows = len(dataset)
    job.save(update_fields=["total_rows", "updated_at"])

    resource = ReportedCityResource()
    with _progress_written(job) as on_row_done:
        resource.on_row_done = on_row_done
        result = resource.import_data(
            dataset, dry_run=job.dry_run, raise_errors=False, user=job.created_by, file_name=job.original_file_name
        )
    refused = result.has_errors() or result.has_validation_errors()
    status = ImportStatus.REFUSED if refused else ImportStatus.PREVIEWED if job.dry_run else ImportStatus.IMPORTED
    # The file is kept only while it waits for its confirmation.
    return _finish(job, status, result=result, remove_file=None if status == ImportStatus.PREVIEWED else stored)


def member_list_import_report(result: Result) -> list[dict]:
    """The errors of a result, one entry per row ("row" 0: the file as a whole), each with readable messages."""
    errors = [{"row": 0, "messages": [str(error.error)]} for error in result.base_errors]
    for number, row_errors in result.row_errors():
        errors.append({"row": number, "messages": [str(error.error) for error in row_errors]})
    for invalid in result.invalid_rows:
        messages = [
            message if field == "__all__" else f"{field}: {message}"
            for field, field_messages in invalid.error_dict.items()
            for message in field_messages
        ]
        errors.append({"row": invalid.number, "messages": messages})
    return sorted(errors, key=lambda error: error["row"])


def _finish(
    job: MemberListImport,
    status: str,
    *,
    result: Result | None = None,
    errors: list[dict] | None = None,
    remove_file: PendingImportStorage | None = None,
) -> MemberListImport:
    job.status, job.finished_at = status, timezone.now()
    if result is not None:
        job.processed_rows = job.total_rows
        job.new_rows, job.updated_rows = result.totals["new"], result.totals["update"]
        job.skipped_rows = result.totals["skip"]
        errors = member_list_import_report(result)
    job.errors = (errors or [])[:MOST_ERRORS_KEPT]
    job.save()
    if remove_file is not None:
        remove_file.remove()
    return job


@contextmanager
def _progress_written(job: MemberListImport) -> Iterator[Callable[[int], None]]:
    """A callback for each row done that writes the progress about a hundred times per file.

    The import runs in one transaction, which no one else sees before it ends; the progress is written through a
    second connection of its own, so the status page sees it at once. Only on PostgreSQL (SQLite locks the whole
    file while the import writes) and only when the import's transaction is the outermost (a test's or a
    caller's transaction would hide the row from the second connection)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield lambda rows_done: None
        return
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    every = max(1, job.total_rows // 100)
    table = MemberListImport._meta.db_table

    def written(rows_done: int) -> None:
        if rows_done % every == 0:
            with side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET processed_rows = %s, updated_at = %s WHERE id = %s",  # noqa: S608
                    [rows_done, timezone.now(), job.pk],
                )

    try:
        yield written
    finally:
        side.close()


def _queue_after_commit(job_id: int) -> None:
    from .tasks import run_member_list_import

    transaction.on_commit(lambda: run_member_list_import.delay(job_id))
