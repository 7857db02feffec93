"""Fixed vocabularies of yearly reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("status of a yearly report", "Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted and published")


class ReminderKind(models.TextChoices):
    WINDOW_OPENS = "window_opens", _("The report window opens")
    WINDOW_CLOSING = "window_closing", _("Two weeks before the report window closes")


# The standard figures every report gives, in the order forms, pages, the API and the impact section show them.
STANDARD_FIGURES = (
    "events_held",
    "participants",
    "volunteers",
    "partner_organisations",
    "people_reached",
    "hours_volunteered",
)

# Photos in a report's story of the year, and the local indicators a coordinator may name.
REPORT_MAX_PHOTOS = 3
REPORT_MAX_INDICATORS = 10
