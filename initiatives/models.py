import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from icp_portal.pdf_uploads import validate_pdf_document
from icp_portal.uploads import get_agreement_storage
from members.models import ChangesItsCity, City

from .choices import (
    OPEN_PARTNERSHIP_STATUSES,
    InitiativeCategory,
    InitiativeStatus,
    JointProjectKind,
    PartnershipStatus,
)
from .querysets import InitiativePartnerQuerySet, InitiativeQuerySet


def agreement_path(instance, filename: str) -> str:
    # A random folder: an agreement cannot be found by guessing its name.
    return f"agreements/{uuid.uuid4().hex}/{Path(filename).name}"


class Initiative(ChangesItsCity, models.Model):
    """A peace initiative of a member city: a youth programme, a dialogue series, a peace garden..."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("city"))
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
    kind = models.CharField(
        _("kind of joint project"),
        max_length=30,
        choices=JointProjectKind.choices,
        default=JointProjectKind.INITIATIVE,
        help_text=_("A City-to-City Alliance Agreement is registered by ICP staff, with its signed PDF and date."),
    )
    agreement_document = models.FileField(
        _("signed agreement (PDF)"),
        upload_to=agreement_path,
        storage=get_agreement_storage,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_document],
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown on the home page to inspire other cities.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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
            models.CheckConstraint(
                condition=Q(kind=JointProjectKind.ALLIANCE_AGREEMENT)
                | Q(signed_on__isnull=True, agreement_document=""),
                name="only_an_alliance_agreement_is_signed",
                violation_error_message=_("Only a City-to-City Alliance Agreement has a signed document and date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.city.name})"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("An initiative cannot end before it starts.")})
        if self.is_alliance_agreement and not self.signed_on:
            raise ValidationError({"signed_on": _("Give the date the alliance agreement was signed.")})
        if self.signed_on and self.signed_on > timezone.localdate():
            raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
        if not self.is_alliance_agreement and (self.signed_on or self.agreement_document):
            raise ValidationError({"kind": _("Only a City-to-City Alliance Agreement has a signed document and date.")})

    @property
    def partner_cities(self) -> list[City]:
        """The member cities that accepted to be partners, by name: from `with_partner_cities()` when the initiative
        was read with it (pages and API lists), else one query (a single record, a webhook's payload)."""
        partners = getattr(self, "accepted_partners", None)
        if partners is None:
            partners = (
                self.partnerships.accepted()
                .of_active_members()
                .select_related("city")
                .order_by("city__name", "city_id")
            )
        return [partner.city for partner in partners]

    @property
    def is_alliance_agreement(self) -> bool:
        return self.kind == JointProjectKind.ALLIANCE_AGREEMENT

    def agreement_visible_to(self, user) -> bool:
        """An alliance agreement is a public record while its organising city is a member; staff see every one."""
        return self.city.is_active or bool(user.is_authenticated and user.is_staff)

    @property
    def partner_organisation_list(self) -> list[str]:
        return [line.strip() for line in self.partner_organisations.splitlines() if line.strip()]


class InitiativePartner(models.Model):
    """A member city invited to an initiative of another city, and its answer: once accepted, a joint project that
    both cities' pages show. Rows are never deleted: an invitation withdrawn or a partner removed keeps who did it
    and when, as history."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("initiative")
    )
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="initiative_partnerships", verbose_name=_("partner city")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PartnershipStatus.choices, default=PartnershipStatus.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("the person who invited a partner city", "invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    accepted_on = models.DateField(
        _("partners since"),
        null=True,
        blank=True,
        help_text=_("The day the cities became partners: counted in the network's links of that year."),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = InitiativePartnerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner city")
        verbose_name_plural = _("partner cities")
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "city"],
                condition=Q(status__in=OPEN_PARTNERSHIP_STATUSES),
                name="one_open_partnership_per_initiative_and_city",
                violation_error_message=_("This city is already invited to or a partner of this initiative."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PartnershipStatus.ACCEPTED) | Q(accepted_on__isnull=False),
                name="an_accepted_partner_has_its_date",
                violation_error_message=_("Give the day the cities became partners."),
            ),
        ]
        indexes = [models.Index(fields=["city", "status"]), models.Index(fields=["initiative", "status"])]

    def __str__(self) -> str:
        return f"{self.city.name} · {self.initiative.title}"

    def clean(self) -> None:
        try:
            initiative = self.initiative  # in admin, the initiative being added with its partners
        except Initiative.DoesNotExist:
            return
        if self.city_id and initiative.city_id == self.city_id:
            raise ValidationError({"city": _("A city cannot be its own partner.")})
        if self.status == PartnershipStatus.ACCEPTED and not self.accepted_on:
            # Staff registering an agreement by hand: partners since it was signed.
            self.accepted_on = initiative.signed_on or timezone.localdate()
