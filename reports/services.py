"""Workflows of yearly reports: starting one, sending it to ICP, ICP's decisions, and the reminders."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from members.models import City, User

from . import rules
from .choices import ReminderKind, ReportStatus
from .models import Report, ReportReminder
from .notices import report_decision_send, report_reminder_send, silent_cities_send
from .rules import TransitionRefused


def report_start(*, city: City, year: int, user: User, today: date | None = None) -> Report:
    """The city's report of `year`, begun now as a draft if it has none; refused outside the year's window. Two
    first saves at once find the one that won: the database keeps one report per city and year."""
    existing = Report.objects.filter(city=city, year=year).first()
    if existing is not None:
        return existing
    if not rules.may_start(city, year, today or timezone.localdate()):
        raise TransitionRefused(_("The %(year)s report of %(city)s cannot be started now.") % _names(city, year))
    try:
        with transaction.atomic():
            return Report.objects.create(city=city, year=year, created_by=user)
    except IntegrityError:
        return Report.objects.get(city=city, year=year)


def report_submission_errors(report: Report) -> dict[str, str]:
    """What the report still needs before it goes to ICP, by field; empty when it is complete."""
    missing = {}
    for name in rules.REQUIRED_ANSWERS:
        value = getattr(report, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            # Named, so that the error summary at the top says which answer is missing, not the same words nine times.
            label = capfirst(Report._meta.get_field(name).verbose_name)
            missing[name] = _("%(answer)s: needed before you send the report to ICP.") % {"answer": label}
    return missing


@transaction.atomic
def report_send(*, report: Report, user: User, today: date | None = None) -> Report:
    """Sends a complete draft to ICP, or the answer to ICP's request for changes."""
    report = Report.objects.select_for_update().select_related("city").get(pk=report.pk)
    if not rules.may_be_sent(report, today or timezone.localdate()):
        raise TransitionRefused(_("This report cannot be sent to ICP now: its window is closed or it was sent."))
    if report_submission_errors(report):
        raise TransitionRefused(_("The report is not complete yet."))
    report.status = rules.sent_status(report)
    report.submitted_at = timezone.now()
    report._change_reason = _("Sent to ICP")
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    return report


@transaction.atomic
def report_accept(*, report: Report, reviewer: User) -> Report:
    """ICP accepts the report: it is published on the city's page and in the API, and the coordinators hear so."""
    report = _for_decision(report, ReportStatus.ACCEPTED)
    report.status, report.accepted_at, report.reviewed_by = ReportStatus.ACCEPTED, timezone.now(), reviewer
    report._change_reason = _("Accepted and published")
    report.save(update_fields=["status", "accepted_at", "reviewed_by", "updated_at"])
    report_decision_send(report=report, template="accepted")
    return report


@transaction.atomic
def report_request_changes(*, report: Report, reviewer: User, message: str) -> Report:
    """ICP asks the coordinators for changes, with the reason, which their e-mail and the report's page show."""
    message = message.strip()
    if not message:
        raise TransitionRefused(_("Say what should change: the coordinators read it in their e-mail."))
    report = _for_decision(report, ReportStatus.CHANGES_REQUESTED)
    report.status, report.review_message, report.reviewed_by = ReportStatus.CHANGES_REQUESTED, message, reviewer
    report._change_reason = message
    report.save(update_fields=["status", "review_message", "reviewed_by", "updated_at"])
    report_decision_send(report=report, template="changes_requested")
    return report


def _for_decision(report: Report, to_status: str) -> Report:
    report = Report.objects.select_for_update().select_related("city").get(pk=report.pk)
    if not rules.staff_may_move(report, to_status):
        raise TransitionRefused(_("Only a report sent to ICP and waiting for review can be decided."))
    return report


def report_reminders_send(*, today: date | None = None) -> int:
    """Reminds the coordinators of each active city whose window opened, and again two weeks before it closes,
    while its report is not sent; each reminder once (ReportReminder). Returns how many cities were reminded."""
    today = today or timezone.localdate()
    cities = City.objects.active().filter(coordinators__isnull=False).distinct().prefetch_related("coordinators__user")
    due = []
    for city in cities:
        window = rules.open_window(city, today)
        if window is None:
            continue
        kind = ReminderKind.WINDOW_CLOSING if today >= window.closing_reminder_on else ReminderKind.WINDOW_OPENS
        due.append((city, window, kind))
    if not due:
        return 0
    years = {window.year for _city, window, _kind in due}
    city_ids = {city.pk for city, _window, _kind in due}
    sent_before = set(
        ReportReminder.objects.filter(city_id__in=city_ids, year__in=years).values_list("city_id", "year", "kind")
    )
    reports = {
        (report.city_id, report.year): report for report in Report.objects.filter(city_id__in=city_ids, year__in=years)
    }
    reminded = 0
    for city, window, kind in due:
        report = reports.get((city.pk, window.year))
        if (city.pk, window.year, kind) in sent_before or (report is not None and not report.is_editable):
            continue  # sent already, or the report is with ICP
        if kind == ReminderKind.WINDOW_CLOSING and report is not None and report.status != ReportStatus.DRAFT:
            continue  # changes asked by ICP have no deadline
        with transaction.atomic():
            _reminder, created = ReportReminder.objects.get_or_create(city=city, year=window.year, kind=kind)
            if created:  # another run took it meanwhile otherwise
                report_reminder_send(city=city, window=window, kind=kind, report=report)
                reminded += 1
    return reminded


def silent_cities(*, today: date | None = None) -> list[City]:
    """Active cities, members for SILENT_YEARS or more, with no accepted report of the last SILENT_YEARS years (none
    before those years were reported in the portal)."""
    today = today or timezone.localdate()
    if today.year - rules.SILENT_YEARS + 1 < rules.FIRST_REPORT_YEAR:
        return []
    recent = Q(yearly_reports__status=ReportStatus.ACCEPTED, yearly_reports__year__gt=today.year - rules.SILENT_YEARS)
    member_before = today.replace(year=today.year - rules.SILENT_YEARS, day=min(today.day, 28))
    accepted = Q(yearly_reports__status=ReportStatus.ACCEPTED)
    return list(
        City.objects.active()
        .filter(member_since__lte=member_before)
        .exclude(pk__in=City.objects.filter(recent).values("pk"))
        .annotate(last_accepted_year=Max("yearly_reports__year", filter=accepted))
        .order_by("name")
    )


def silent_cities_remind(*, today: date | None = None) -> int:
    """Tells the staff who may change member records which active cities have not reported for years, with the
    link to select them in admin, where "Mark selected cities inactive…" asks for the reason."""
    cities = silent_cities(today=today)
    if not cities:
        return 0
    may_change_cities = (
        Q(is_superuser=True)
        | Q(user_permissions__codename="change_city", user_permissions__content_type__app_label="members")
        | Q(groups__permissions__codename="change_city", groups__permissions__content_type__app_label="members")
    )
    recipients = list(User.objects.filter(may_change_cities, is_staff=True, is_active=True).distinct().order_by("pk"))
    return silent_cities_send(cities=cities, recipients=recipients)


def _names(city: City, year: int) -> dict:
    return {"city": city.name, "year": year}
