from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import ChangesItsCity, City

from .choices import InitiativeCategory, InitiativeStatus
from .querysets import InitiativeQuerySet


class Initiative(ChangesItsCity, models.Model):
    """A peace initiative of a member city: a youth programme, a dialogue series, a peace garden..."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=240, unique=True)
    category = models.CharField(_("category"), max_length=30, choices=InitiativeCategory.choices)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InitiativeStatus.choices, default=InitiativeStatus.ACTIVE
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    partner_organisations = models.TextField(
        _("partner organisations"), blank=True, help_text=_("One organisation per line.")
    )
    link = models.URLField(_("link"), blank=True)
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown on the home page to inspire other cities.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-start_date", "id"]
        permissions = [("export_initiative", _("Can export initiatives"))]
        indexes = [
            models.Index(fields=["city", "status"]),
            models.Index(fields=["category"]),
            # The home page's "featured, then the latest": read in index order, stopping after a few rows.
            models.Index(fields=["-featured", "-updated_at"], name="initiative_featured_latest"),
            # A sync (updated_since) reads its page in (updated_at, id) order off this index and counts its window
            # from it alone, whatever the plan its prepared statement settles on.
            models.Index(fields=["updated_at", "id"], name="initiative_sync_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="initiative_ends_after_it_starts",
                violation_error_message=_("An initiative cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.city.name})"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("An initiative cannot end before it starts.")})

    @property
    def partner_organisation_list(self) -> list[str]:
        return [line.strip() for line in self.partner_organisations.splitlines() if line.strip()]
