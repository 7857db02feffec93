"""The e-mails an application's moves owe people: the applicant's receipt and the notice to ICP's reviewers.

Reviewers hear of each submission (and each answer to a request for changes) at once, or in one digest a day when
settings.ICP_REVIEWER_NOTICES is "daily": the notices then wait as ReviewerNotice rows for the digest task.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import User
from outbox.compose import email_compose_and_queue, recipient_language, recipient_name

from . import workflow
from .choices import ReviewerNoticeEvent
from .models import Application, ReviewerNotice

# The staff group whose members decide applications (applications/migrations/0003_staff_groups.py).
REVIEWERS_GROUP = "Reviewers"


def application_copy_link(application: Application) -> str:
    """Where the applicant reads what they sent: the read-only, printable copy."""
    return settings.PORTAL_BASE_URL + reverse("applications:copy", args=[application.pk])


def application_review_link(application: Application) -> str:
    """The application's review page in admin."""
    return settings.PORTAL_BASE_URL + reverse("admin:applications_application_change", args=[application.pk])


def application_receipt_send(*, application: Application, event: str) -> None:
    """Tells the applicant ICP has their application (or their answer), what happens next, and where to read it."""
    applicant = application.applicant
    email_compose_and_queue(
        template_prefix="applications/email/receipt",
        context={
            "application": application,
            "answered": event == ReviewerNoticeEvent.ANSWERED,
            "copy_link": application_copy_link(application),
        },
        to=applicant.email,
        language=recipient_language(applicant),
        name=recipient_name(applicant),
    )


def application_reviewers(application: Application) -> list[User]:
    """Who is told: the reviewer who took the application, else every reviewer."""
    if application.reviewer_id and application.reviewer.is_active:
        return [application.reviewer]
    return list(User.objects.filter(is_active=True, groups__name=REVIEWERS_GROUP).distinct().order_by("pk"))


def reviewers_notify(*, application: Application, event: str, answer: str = "") -> None:
    """Tells ICP's reviewers that the application waits for them: now, or in tomorrow's digest."""
    for reviewer in application_reviewers(application):
        if settings.ICP_REVIEWER_NOTICES == "daily":
            ReviewerNotice.objects.create(reviewer=reviewer, application=application, event=event)
            continue
        email_compose_and_queue(
            template_prefix="applications/email/reviewer_notice",
            context={
                "application": application,
                "applicant_name": _applicant_name(application),
                "answered": event == ReviewerNoticeEvent.ANSWERED,
                "answer": answer,
                "review_link": application_review_link(application),
            },
            to=reviewer.email,
            language=recipient_language(reviewer),
            name=recipient_name(reviewer),
        )


def application_moved_to_reviewers(*, application: Application, event: str, answer: str = "") -> None:
    """An application sent (or sent again with an answer): the receipt to the applicant, the notice to reviewers."""
    application_receipt_send(application=application, event=event)
    reviewers_notify(application=application, event=event, answer=answer)


def reviewer_digests_send() -> int:
    """Sends each reviewer one e-mail with every notice still owed to them; returns how many digests went out.

    Each reviewer's notices are locked and marked sent in the transaction that queues their digest, so two runs
    at once never send the same notice twice, and a run that fails sends nothing it marked."""
    sent = 0
    reviewer_ids = ReviewerNotice.objects.unsent().values_list("reviewer", flat=True).distinct()
    for reviewer_id in list(reviewer_ids):
        with transaction.atomic():
            notices = list(
                ReviewerNotice.objects.select_for_update(skip_locked=True, of=("self",))
                .unsent()
                .filter(reviewer_id=reviewer_id)
                .select_related("reviewer", "application__applicant")
                .order_by("created_at")
            )
            if not notices:
                continue  # another run took them
            ReviewerNotice.objects.filter(pk__in=[notice.pk for notice in notices]).update(sent_at=timezone.now())
            # One line per application, its latest news; one withdrawn (or decided) since needs no one's attention.
            latest = {notice.application_id: notice for notice in notices}
            waiting = [notice for notice in latest.values() if workflow.is_open(notice.application)]
            reviewer = notices[0].reviewer
            if not waiting or not reviewer.is_active:
                continue
            email_compose_and_queue(
                template_prefix="applications/email/reviewer_digest",
                context={
                    "items": [
                        {
                            "application": notice.application,
                            "answered": notice.event == ReviewerNoticeEvent.ANSWERED,
                            "review_link": application_review_link(notice.application),
                        }
                        for notice in waiting
                    ]
                },
                to=reviewer.email,
                language=recipient_language(reviewer),
                name=recipient_name(reviewer),
            )
            sent += 1
    return sent


def _applicant_name(application: Application) -> str:
    return application.applicant.introduced_as
