from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import ImportStatus
from .imports import member_list_import_run
from .models import MemberListImport
from .resources import abandoned_imports_remove
from .services import quiet_cities_remind


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def remind_quiet_cities() -> int:
    return quiet_cities_remind()


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def remove_abandoned_imports() -> int:
    return abandoned_imports_remove()


@shared_task(
    acks_late=True,
    soft_time_limit=settings.MEMBER_IMPORT_TIME_LIMIT - 60,
    time_limit=settings.MEMBER_IMPORT_TIME_LIMIT,
)
def run_member_list_import(job_id: int) -> str | None:
    try:
        job = member_list_import_run(job_id=job_id)
    except SoftTimeLimitExceeded:
        # All or nothing: the import's transaction is rolled back; say so rather than stay "running".
        message = _("The member list took too long to process; nothing was imported. Split it into smaller files.")
        MemberListImport.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED, errors=[{"row": 0, "messages": [message]}], finished_at=timezone.now()
        )
        return ImportStatus.FAILED
    return job.status if job else None
