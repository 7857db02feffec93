"""The e-mails yearly reports owe people: ICP's request for changes and its acceptance to the city's coordinators,
the reminders of the report window to them, and the list of silent cities to ICP's staff."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from members.models import City, User
from outbox.compose import email_compose_and_queue, recipient_language, recipient_name

from .models import Report
from .rules import ReportWindow


def report_link(report: Report, *, language: str) -> str:
    """Where the coordinators read and edit the report, in the language of their e-mail."""
    with translation.override(language):
        return settings.PORTAL_BASE_URL + report.get_edit_url()


def city_report_link(city: City, year: int, *, language: str) -> str:
    with translation.override(language):
        return settings.PORTAL_BASE_URL + reverse("reports:edit", kwargs={"slug": city.slug, "year": year})


def coordinators_of(city: City) -> list[User]:
    return [coordinator.user for coordinator in city.coordinators.all() if coordinator.user.is_active]


def report_decision_send(*, report: Report, template: str) -> None:
    """Tells each coordinator of the report's city what ICP decided (`changes_requested` or `accepted`)."""
    for user in coordinators_of(report.city):
        language = recipient_language(user)
        with translation.override(language):
            public_link = settings.PORTAL_BASE_URL + report.get_absolute_url()
        email_compose_and_queue(
            template_prefix=f"reports/email/{template}",
            context={"report": report, "link": report_link(report, language=language), "public_link": public_link},
            to=user.email,
            language=language,
            name=recipient_name(user),
        )


def report_reminder_send(*, city: City, window: ReportWindow, kind: str, report: Report | None) -> int:
    """The window's reminder to each coordinator of the city; returns how many e-mails went."""
    sent = 0
    for user in coordinators_of(city):
        language = recipient_language(user)
        email_compose_and_queue(
            template_prefix=f"reports/email/{kind}",
            context={
                "city": city,
                "window": window,
                "report": report,
                "link": city_report_link(city, window.year, language=language),
            },
            to=user.email,
            language=language,
            name=recipient_name(user),
        )
        sent += 1
    return sent


# One e-mail lists this many; the next month's lists the others still silent.
SILENT_CITIES_LISTED = 50


def silent_cities_send(*, cities: list[City], recipients: list[User]) -> int:
    """The list of active cities with no accepted report for years, to each staff member who may change cities."""
    listed, more = cities[:SILENT_CITIES_LISTED], len(cities) - SILENT_CITIES_LISTED
    admin_list = settings.PORTAL_BASE_URL + reverse("admin:members_city_changelist")
    selection = f"{admin_list}?id__in={','.join(str(city.pk) for city in listed)}"
    for user in recipients:
        language = recipient_language(user)
        with translation.override(language):
            rows = [
                {
                    "city": city,
                    "last_report": gettext("last accepted report %(year)s") % {"year": city.last_accepted_year}
                    if city.last_accepted_year
                    else gettext("no accepted report yet"),
                    "admin_link": settings.PORTAL_BASE_URL + reverse("admin:members_city_change", args=[city.pk]),
                }
                for city in listed
            ]
        email_compose_and_queue(
            template_prefix="reports/email/silent_cities",
            context={"rows": rows, "count": len(cities), "more": max(more, 0), "selection_link": selection},
            to=user.email,
            language=language,
            name=recipient_name(user),
        )
    return len(recipients)
