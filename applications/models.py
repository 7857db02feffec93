import os
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from icp_portal.uploads import get_private_storage
from initiatives.choices import InitiativeCategory, InitiativeStatus
from members.choices import CommunityType, Pathway
from members.geography import latitude_field, longitude_field
from members.models import City
from proclamations.validators import validate_pdf_document

from . import workflow
from .choices import ApplicationStatus, MessageAuthorRole, ReviewerNoticeEvent, SignatoryRole
from .querysets import ApplicationQuerySet, ReviewerNoticeQuerySet, SignatoryQuerySet
from .validators import image_type, validate_photo


def private_upload_path(instance, filename: str) -> str:
    # A random folder per file: nothing about the community or the applicant can be guessed from the path. The
    # suffix is that of the type the content was checked to be, never the sender's: storage (S3 labels an object by
    # its suffix) and whoever reads the folder must not take a picture sent as page.html for a web page.
    return f"applications/{uuid.uuid4().hex}/{uuid.uuid4().hex}{instance.checked_suffix}"


class Application(models.Model):
    """A community's request to become a City of Peace, from its first draft to ICP's decision."""

    # Empty only after the applicant deleted their account: ICP keeps the community's record, not the person.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    # Sent with the form; a second POST of the same form (a double click) finds this application again.
    form_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )

    # The community
    name = models.CharField(_("community name"), max_length=200)
    community_type = models.CharField(_("community type"), max_length=20, choices=CommunityType.choices, blank=True)
    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("state, province or region"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True, validators=[MinValueValidator(1)])
    population_year = models.PositiveSmallIntegerField(
        _("population counted in"), null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    latitude = latitude_field()
    longitude = longitude_field()
    website = models.URLField(_("website"), blank=True)

    # How it qualifies
    pathway = models.CharField(_("how the community qualifies"), max_length=30, choices=Pathway.choices, blank=True)
    proclamation_title = models.CharField(_("title of the proclamation or resolution"), max_length=200, blank=True)
    proclamation_issuing_body = models.CharField(_("issued by"), max_length=200, blank=True)
    proclamation_adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    proclamation_document = models.FileField(
        _("signed document (PDF, up to 10 MB)"),
        storage=get_private_storage,
        upload_to=private_upload_path,
        blank=True,
        validators=[validate_pdf_document],
    )
    peace_legacy = models.TextField(
        _("peace legacy"), blank=True, help_text=_("Historic events, local peace heroes, places of remembrance.")
    )
    peacebuilding_team = models.TextField(
        _("community peacebuilding team"), blank=True, help_text=_("Who takes part and how the team works.")
    )

    # The peace statement
    challenges = models.TextField(_("challenges the community faces"), blank=True)
    actions = models.TextField(_("what the community does about them"), blank=True)
    peace_history = models.TextField(_("the community's peace history"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    partner_organisations = models.TextField(
        _("partner organisations"), blank=True, help_text=_("One organisation per line.")
    )

    # Declarations
    photo_rights_confirmed = models.BooleanField(
        _("I hold the rights to these photos, or have permission to share them with ICP"), default=False
    )
    principles_accepted = models.BooleanField(
        _("We agree to the principles of International Cities of Peace"), default=False
    )
    distinct_community_confirmed = models.BooleanField(
        _("This is a different community from the similar names shown above"), default=False
    )

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications_reviewed",
        verbose_name=_("reviewer"),
    )
    city = models.OneToOneField(
        City, on_delete=models.SET_NULL, null=True, blank=True, related_name="application", verbose_name=_("city")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["form_token"])

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at"]
        # The export holds applicants' e-mail addresses: it needs this and the view permission on applications.
        permissions = [("export_application", _("Can export applications"))]
        indexes = [models.Index(fields=["status", "submitted_at"]), models.Index(fields=["country", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="application_coordinates_paired",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.APPROVED) | Q(city__isnull=False),
                name="approved_application_has_its_city",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", kwargs={"pk": self.pk})

    # The one file an application holds is its signed document, which validate_pdf_document checked to be a PDF.
    checked_suffix = ".pdf"

    # For templates, which cannot call the workflow's functions with an argument.
    @property
    def is_draft(self) -> bool:
        return workflow.is_draft(self)

    @property
    def is_approved(self) -> bool:
        return workflow.is_approved(self)

    @property
    def awaits_answer(self) -> bool:
        """ICP asked for changes: the applicant's answer is what it waits for."""
        return workflow.may_be_answered(self)

    @property
    def is_editable(self) -> bool:
        return workflow.is_editable(self)

    @property
    def can_be_withdrawn(self) -> bool:
        return workflow.may_be_withdrawn(self)


class ApplicationInitiative(models.Model):
    """A peace initiative the community runs or plans, as told in its application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=InitiativeCategory.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=InitiativeStatus.choices, default=InitiativeStatus.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("initiative in an application")
        verbose_name_plural = _("initiatives in applications")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


def signatory_invitation_key() -> str:
    return secrets.token_urlsafe(16)


class Signatory(models.Model):
    """A second leader or a supporter who signs the application, confirming by a link sent to them.

    A row stands for one person: when its name or e-mail changes (the applicant replacing a supporter after a
    request for changes, or staff correcting it), it is a new invitation. Its confirmation, refusal and invitation are
    cleared and its invitation key changes, so the links sent before no longer confirm anything.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="signatories")
    role = models.CharField(_("role"), max_length=20, choices=SignatoryRole.choices, default=SignatoryRole.SUPPORTER)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The person said no from their link; the applicant may then name someone else (see workflow).
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    # Carried by the confirmation link with the e-mail it was sent to; a new person gets a new key.
    invitation_key = models.CharField(max_length=32, default=signatory_invitation_key, editable=False)

    objects = SignatoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "email"],
                name="one_signature_per_person_and_application",
                violation_error_message=_("Each signatory needs their own e-mail address."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs) -> None:
        if self.pk and self.is_another_person():
            self.invited_at = self.confirmed_at = self.declined_at = None
            self.invitation_key = signatory_invitation_key()
            if kwargs.get("update_fields") is not None:
                reset = {"invited_at", "confirmed_at", "declined_at", "invitation_key"}
                kwargs["update_fields"] = {*kwargs["update_fields"], *reset}
        super().save(*args, **kwargs)
        self._invited_person = self._person()

    @classmethod
    def from_db(cls, db, field_names, values):
        signatory = super().from_db(db, field_names, values)
        signatory._invited_person = signatory._person()  # as loaded: save() compares with it
        return signatory

    def _person(self) -> tuple[str, str] | None:
        deferred = self.get_deferred_fields()
        if "name" in deferred or "email" in deferred:
            return None
        # Capitals in an e-mail address or spaces around a name do not make another person.
        return (" ".join(self.name.split()), self.email.lower())

    def is_another_person(self) -> bool:
        """Whether the name or e-mail changed since the row was loaded."""
        loaded = getattr(self, "_invited_person", None)
        return loaded is not None and self._person() not in (None, loaded)


class ApplicationPhoto(models.Model):
    """A photo of the community's peace work (JPEG or PNG), private until the application is approved."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(
        _("photo"), storage=get_private_storage, upload_to=private_upload_path, validators=[validate_photo]
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    # The name the file had on the applicant's device: how they recognise it (the stored name is random).
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["id"]

    def __str__(self) -> str:
        if self.caption or self.original_name:
            return self.caption or self.original_name
        # Stored before file names were kept: named by when it was added, never by a database id.
        added = formats.date_format(timezone.localtime(self.created_at), "DATETIME_FORMAT") if self.created_at else ""
        return _("Photo added %(date)s") % {"date": added}

    @property
    def download_stem(self) -> str:
        """The applicant's own file name without its suffix: downloads add that of the checked type (garden.jpg)."""
        return os.path.splitext(self.original_name)[0] or "photo"

    @property
    def checked_suffix(self) -> str:
        """.jpg or .png, from the content of the image being saved; none when it is neither (saved past the form)."""
        checked = image_type(self.image) if self.image else None
        return checked.suffix if checked else ""


class ApplicationMessage(models.Model):
    """A message between ICP's staff and the applicant about one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("author"))
    author_role = models.CharField(_("author role"), max_length=20, choices=MessageAuthorRole.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_author_role_display()}: {self.body[:60]}"


class StatusChange(models.Model):
    """One move of an application's status: who made it, when, and the message that came with it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from status"), max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("actor"))
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class ReviewerNotice(models.Model):
    """A notice owed to one reviewer, kept for their daily digest (ICP_REVIEWER_NOTICES=daily): the digest task
    sends each reviewer's unsent notices in one e-mail and marks them sent."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_notices", verbose_name=_("reviewer")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviewer_notices", verbose_name=_("application")
    )
    event = models.CharField(_("event"), max_length=20, choices=ReviewerNoticeEvent.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = ReviewerNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice to a reviewer")
        verbose_name_plural = _("notices to reviewers")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "reviewer"])]

    def __str__(self) -> str:
        return f"{self.application} → {self.reviewer}"
