import uuid
from pathlib import Path

from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from icp_portal.uploads import get_document_storage
from members.models import ChangesItsCity, City

from .choices import ProclamationKind
from .querysets import ProclamationQuerySet
from .validators import validate_pdf_document

# Django's names of languages, marked but not translated in global_settings; Django's own catalogs translate them,
# so the admin's column and filter name the language of the proclamation in the reader's language.
PROCLAMATION_LANGUAGES = [(code, _(name)) for code, name in global_settings.LANGUAGES]


def document_path(instance, filename: str) -> str:
    # A random folder: the document of a proclamation a city keeps unpublished cannot be found by guessing its name.
    return f"proclamations/{timezone.now():%Y}/{uuid.uuid4().hex}/{Path(filename).name}"


class Proclamation(ChangesItsCity, models.Model):
    """An official act that made or keeps a community a City of Peace: a proclamation, resolution or designation."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="proclamations", verbose_name=_("city"))
    kind = models.CharField(_("kind"), max_length=30, choices=ProclamationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    issuing_body = models.CharField(
        _("issued by"), max_length=200, help_text=_("For example: Office of the Mayor, City Council.")
    )
    adopted_on = models.DateField(_("adopted on"))
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("full text"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=PROCLAMATION_LANGUAGES, default="en")
    document = models.FileField(
        _("signed document (PDF)"),
        upload_to=document_path,
        storage=get_document_storage,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_document],
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the city's page and to partners through the API.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = ProclamationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proclamation")
        verbose_name_plural = _("proclamations")
        ordering = ["-adopted_on", "id"]
        indexes = [
            # The partner API's list, newest first, reads a page off this index instead of sorting every row.
            models.Index(F("adopted_on").desc(), "id", condition=Q(is_public=True), name="proclamation_public_newest"),
            # A partner's sync (updated_since) reads its page in (updated_at, id) order off this index and counts
            # its window from it alone, whatever the plan its prepared statement settles on.
            models.Index(fields=["updated_at", "id"], condition=Q(is_public=True), name="proclamation_public_sync"),
            # A city's public proclamations counted off the index alone (each city of an API page carries its count).
            models.Index(fields=["city"], condition=Q(is_public=True), name="proclamation_public_by_city"),
        ]
        constraints = [
            # The row's write time stands in for "now": CHECK constraints cannot read the clock.
            models.CheckConstraint(
                condition=Q(adopted_on__lte=F("updated_at")),
                name="proclamation_not_adopted_in_future",
                violation_error_message=_("A proclamation cannot be adopted in the future."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.city.name}, {self.adopted_on:%Y})"

    def document_visible_to(self, user) -> bool:
        """Anyone sees the document of a public proclamation; an unpublished one, its city's coordinators and
        staff who may see proclamations."""
        if self.is_public:
            return True
        if user.has_perm("proclamations.view_proclamation"):
            return True
        return user.is_authenticated and self.city.coordinators.filter(user=user).exists()

    def clean(self) -> None:
        if self.adopted_on and self.adopted_on > timezone.now().date():
            raise ValidationError({"adopted_on": _("A proclamation cannot be adopted in the future.")})
