"""A member city's yearly report: what it did, its figures, its own indicators, its story and its plans."""

import os
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from icp_portal.images import image_type, validate_photo
from icp_portal.uploads import get_private_storage
from initiatives.models import Initiative
from members.choices import NETWORK_FOUNDED_YEAR
from members.models import City

from . import rules
from .choices import STANDARD_FIGURES, ReminderKind, ReportStatus
from .querysets import ReportQuerySet


def report_photo_path(instance, filename: str) -> str:
    # A random folder per file, named by the type the content was checked to be, never by the sender's name.
    return f"reports/{uuid.uuid4().hex}/{uuid.uuid4().hex}{instance.checked_suffix}"


def figure_field(label, help_text=""):
    return models.PositiveIntegerField(
        label, null=True, blank=True, validators=[MaxValueValidator(2_000_000_000)], help_text=help_text
    )


class Report(models.Model):
    """A member city's report of one year, from its coordinators' draft to ICP's acceptance, which publishes it."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="yearly_reports", verbose_name=_("city"))
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(NETWORK_FOUNDED_YEAR + 1), MaxValueValidator(2100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)

    # What the city did
    activities = models.TextField(
        _("what the city did this year"),
        blank=True,
        help_text=_("A summary of the year's peace work: the initiatives below and anything else."),
    )
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="yearly_reports", verbose_name=_("initiatives of the year")
    )
    # The standard figures (choices.STANDARD_FIGURES)
    events_held = figure_field(_("events held"))
    participants = figure_field(_("participants"), _("People who took part in the events."))
    volunteers = figure_field(_("volunteers"))
    partner_organisations = figure_field(_("partner organisations"))
    people_reached = figure_field(_("people reached"), _("Everyone the work reached, participants included."))
    hours_volunteered = figure_field(_("hours volunteered"))
    # The story of the year and what comes next
    story = models.TextField(_("story of the year"), blank=True)
    plans = models.TextField(_("plans for next year"), blank=True)

    review_message = models.TextField(_("ICP's last request for changes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    submitted_at = models.DateTimeField(_("sent to ICP at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        ordering = ["-year", "city__name"]
        permissions = [("review_report", _("Can accept yearly reports or ask for changes"))]
        indexes = [models.Index(fields=["status", "year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "year"],
                name="one_report_per_city_and_year",
                violation_error_message=_("The city already has a report for this year."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.ACCEPTED) | Q(accepted_at__isnull=False),
                name="accepted_report_has_its_date",
            ),
        ]

    def __str__(self) -> str:
        return _("%(city)s, report %(year)s") % {"city": self.city.name, "year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("reports:public", kwargs={"slug": self.city.slug, "year": self.year})

    def get_edit_url(self) -> str:
        return reverse("reports:edit", kwargs={"slug": self.city.slug, "year": self.year})

    @property
    def is_editable(self) -> bool:
        return rules.is_editable(self)

    @property
    def is_published(self) -> bool:
        return rules.is_published(self)

    @property
    def awaits_review(self) -> bool:
        return rules.awaits_review(self)

    @property
    def figures(self) -> list[tuple[str, str, int | None]]:
        """(name, label, value) of each standard figure, in their order."""
        return [(name, self._meta.get_field(name).verbose_name, getattr(self, name)) for name in STANDARD_FIGURES]


class ReportIndicator(models.Model):
    """A local indicator the coordinators chose to report (reported crime, school conflicts...), with its source."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year measured"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )

    class Meta:
        verbose_name = _("local indicator")
        verbose_name_plural = _("local indicators")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.value} {self.unit}".strip()

    def as_text(self) -> str:
        """One line, as the CSV files give it: "name: value unit (source, year)"."""
        text = f"{self.name}: {self.value.normalize():f} {self.unit}".strip()
        return text + (f" ({self.source}, {self.year})" if self.source and self.year else "")


class ReportPhoto(models.Model):
    """A photo of the story of the year (JPEG or PNG), private until the report is published, with its credit."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(
        _("photo"), storage=get_private_storage, upload_to=report_photo_path, validators=[validate_photo]
    )
    caption = models.CharField(_("caption"), max_length=200)
    credit = models.CharField(
        _("credit and rights"),
        max_length=200,
        help_text=_("Who took it, and that they agree to its publication: “Photo: A. Mensah, shared with permission”."),
    )
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("reports:photo", kwargs={"slug": self.report.city.slug, "year": self.report.year, "pk": self.pk})

    @property
    def checked_suffix(self) -> str:
        checked = image_type(self.image) if self.image else None
        return checked.suffix if checked else ""

    @property
    def download_stem(self) -> str:
        return os.path.splitext(self.original_name)[0] or "photo"


class ReportReminder(models.Model):
    """A reminder sent to a city's coordinators about one year's report: each kind goes once."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="report_reminders")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [
            models.UniqueConstraint(fields=["city", "year", "kind"], name="one_report_reminder_of_each_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.year} {self.kind}"
