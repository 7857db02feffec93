import uuid
from datetime import date

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from icp_portal.images import image_type, validate_photo
from icp_portal.slugs import unique_slug
from icp_portal.uploads import get_city_photo_storage

from .choices import (
    INVITATION_VALIDITY,
    NETWORK_FOUNDED_YEAR,
    CommunityType,
    CoordinatorRole,
    ImportStatus,
    MembershipStatus,
    Network,
    Pathway,
)
from .geography import Continent, continent_of, latitude_field, longitude_field
from .normalise import community_key
from .querysets import CityQuerySet, CoordinatorInvitationQuerySet, CoordinatorQuerySet
from .validators import phone_number_validator


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: a coordinator, or a member of ICP's staff. Signs in with e-mail."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    # One field: names do not split into first and last everywhere. Empty only for accounts made before it was asked.
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(
        _("your role in the community"),
        max_length=150,
        blank=True,
        help_text=_("For example: mayor's office, peace committee chair, teacher, volunteer."),
    )
    phone = models.CharField(
        _("phone (optional)"),
        max_length=40,
        blank=True,
        validators=[phone_number_validator],
        help_text=_("With the country code, for example +254 20 123 4567."),
    )
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="one_account_per_email_whatever_its_case",
                violation_error_message=_("An account with this e-mail address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs) -> None:
        self.email = UserManager.normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def greeting_name(self) -> str:
        """How e-mails and pages address this person: by name, never by e-mail address."""
        return self.full_name or gettext("peacebuilder")

    @property
    def introduced_as(self) -> str:
        """How this person is named to others (supporters, co-coordinators): by name, never by e-mail address."""
        return self.full_name or gettext("The applicant")

    @property
    def needs_details(self) -> bool:
        """Accounts made before sign-up asked for a name give it at their next sign-in (accounts.middleware)."""
        return not self.full_name.strip()


# What a city says of itself on its public page and its coordinators keep current; identity and membership stay
# with ICP.
CITY_PROFILE_FIELDS = (
    "peace_statement",
    "vision",
    "mission",
    "goals",
    "website",
    "contact_email",
    "population",
    "population_year",
    "latitude",
    "longitude",
)


class City(models.Model):
    """A member community of the network: a City of Peace, whether a capital, a village or a neighbourhood."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    community_type = models.CharField(_("community type"), max_length=20, choices=CommunityType.choices)
    country = CountryField(_("country"))
    region = models.CharField(
        _("state, province or region"), max_length=120, blank=True, help_text=_("Leave empty if none applies.")
    )
    # Normalised name and region; with the country, the key of "one City of Peace per community".
    community_key = models.CharField(max_length=330, editable=False)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population counted in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    latitude = latitude_field()
    longitude = longitude_field()
    website = models.URLField(_("website"), blank=True)
    peace_statement = models.TextField(
        _("peace statement"), blank=True, help_text=_("The community's challenges, peace work and peace legacy.")
    )
    # What the community wrote when it applied, kept current by its coordinators.
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    pathway = models.CharField(_("became a City of Peace by"), max_length=30, choices=Pathway.choices)
    status = models.CharField(
        _("membership status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    member_since = models.DateField(_("member since"))
    member_number = models.PositiveIntegerField(
        _("member number"), unique=True, help_text=_("Running number: the 392nd City of Peace has 392.")
    )
    contact_email = models.EmailField(_("public contact e-mail"), blank=True)
    status_reason = models.TextField(
        _("reason for the status"), blank=True, help_text=_("Why the city is inactive or withdrew, for the record.")
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    # When its coordinators were last reminded to bring a quiet city's page up to date.
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["community_key", "reminded_at"])

    class Meta:
        verbose_name = _("city of peace")
        verbose_name_plural = _("cities of peace")
        ordering = ["member_number"]
        # Import and export of the member list are rights of their own (settings IMPORT_EXPORT_*_PERMISSION_CODE),
        # not something every staff account may do.
        permissions = [
            ("import_city", _("Can import the member list")),
            ("export_city", _("Can export the member list")),
        ]
        indexes = [
            models.Index(fields=["country", "member_since"]),
            models.Index(fields=["member_since"]),
            # The directory's and the API's order by name: a page is read in index order, not sorted from all.
            models.Index(fields=["name", "id"], name="city_by_name"),
            # A sync (updated_since) reads its page in (updated_at, id) order off this index and counts its window
            # from it alone, whatever the plan its prepared statement settles on.
            models.Index(fields=["updated_at", "id"], name="city_sync_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "community_key"],
                name="one_city_of_peace_per_community",
                violation_error_message=_(
                    "This community is already a City of Peace: a country has one per community name and region."
                ),
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population__gt=0),
                name="city_population_positive",
                violation_error_message=_("Population must be a positive number."),
            ),
            models.CheckConstraint(
                condition=Q(population_year__isnull=True)
                | Q(population__isnull=False, population_year__gte=1800, population_year__lte=2100),
                name="city_population_year_with_population",
                violation_error_message=_("A population year needs a population, and must lie between 1800 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                # isnull=False spelled out: a NULL comparison would let a lone latitude through.
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="city_coordinates_valid_and_paired",
                violation_error_message=_("Give both latitude (-90 to 90) and longitude (-180 to 180), or neither."),
            ),
            models.CheckConstraint(
                condition=Q(member_number__gte=1),
                name="city_member_number_positive",
                violation_error_message=_("Member numbers start at 1."),
            ),
            # A CHECK constraint cannot read the clock (SQLite forbids it, PostgreSQL would never re-check),
            # so the row's own write time stands in for "now": no membership dated after it was recorded.
            models.CheckConstraint(
                condition=Q(member_since__gte=date(NETWORK_FOUNDED_YEAR, 1, 1), member_since__lte=F("updated_at")),
                name="city_member_since_in_network_lifetime",
                violation_error_message=_("Membership cannot start in the future, nor before ICP was founded in 2009."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.country.name}" if self.country else self.name

    def save(self, *args, **kwargs) -> None:
        self.community_key = community_key(self.name, self.region)
        if not self.slug:
            self.slug = City.unique_slug_for(self.name, str(self.country))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("members:city_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # The database checks both against the write time (city_member_since_in_network_lifetime); a form cannot
        # run that check, which reads updated_at, so it hears of them here, before the write.
        if self.member_since and self.member_since > timezone.now().date():
            raise ValidationError({"member_since": _("Membership cannot start in the future.")})
        if self.member_since and self.member_since < date(NETWORK_FOUNDED_YEAR, 1, 1):
            founded = ValidationError(
                _("Membership cannot start before ICP was founded in %(year)s."), params={"year": NETWORK_FOUNDED_YEAR}
            )
            raise ValidationError({"member_since": founded})

    @property
    def continent(self) -> str | None:
        return continent_of(self.country.code) if self.country else None

    @property
    def continent_label(self) -> str:
        return Continent(self.continent).label if self.continent else ""

    @property
    def pathway_in_sentence(self) -> str:
        return Pathway.in_sentence(self.pathway)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_active(self) -> bool:
        """A member in good standing: neither inactive nor withdrawn."""
        return self.status == MembershipStatus.ACTIVE

    def validate_constraints(self, exclude=None) -> None:
        # The key is derived, never typed: compute it so full_clean() reports a duplicate community. Forms leave
        # it out of their fields (editable=False), which would skip the constraint: keep it in.
        self.community_key = community_key(self.name, self.region)
        exclude = set(exclude or ())
        if not exclude & {"name", "region"}:  # both valid, so their key can be checked
            exclude.discard("community_key")
        super().validate_constraints(exclude=exclude)

    @staticmethod
    def unique_slug_for(name: str, country_code: str, *, taken: set[str] | None = None) -> str:
        """A slug no city has: its name, else with its country code, else numbered. `taken`, when given, stands for
        the slugs in use (an import reads them once)."""
        return unique_slug(City, name, alternatives=[country_code.lower()], taken=taken, fallback="city")

    @classmethod
    def related_rows(cls, relation: str) -> models.QuerySet:
        """Every row of the model behind a reverse relation of cities ("proclamations", "initiatives"): how a city's
        page and API record read the rows the apps built on `members` keep about a city, without importing them
        (members is the lower layer; see tests/test_architecture.py)."""
        return cls._meta.get_field(relation).related_model._default_manager.all()


class ChangesItsCity:
    """For rows the city's API record counts or lists (initiatives, proclamations, networks): saving or deleting
    one marks the city changed, so an incremental sync and the API's page cache hear of it. By signals, which
    Django also sends for each row of a queryset's delete() (admin's "delete selected")."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        post_save.connect(_touch_the_city, sender=cls, weak=False)
        post_delete.connect(_touch_the_city, sender=cls, weak=False)


def _touch_the_city(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:  # fixtures load rows as they are
        City.objects.filter(pk=instance.city_id).touch()


def city_photo_path(instance, filename: str) -> str:
    # A random name, with the suffix of the type the content was checked to be, never the sender's.
    return f"cities/{uuid.uuid4().hex}{instance.checked_suffix}"


class CityPhoto(ChangesItsCity, models.Model):
    """A photo of the city's peace work on its public page (JPEG or PNG), shared by someone who declared they hold
    its rights or have permission to share it."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(
        _("photo"), storage=get_city_photo_storage, upload_to=city_photo_path, validators=[validate_photo]
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    credit = models.CharField(
        _("photo credit"), max_length=200, blank=True, help_text=_("Who took the photo, as they wish to be named.")
    )
    rights_declared_at = models.DateTimeField(_("rights declared at"))
    rights_declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rights declared by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("city photo")
        verbose_name_plural = _("city photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption or self.image.name.rsplit("/", 1)[-1]

    @property
    def checked_suffix(self) -> str:
        """.jpg or .png, from the content of the image being saved."""
        checked = image_type(self.image) if self.image else None
        return checked.suffix if checked else ""


class Coordinator(models.Model):
    """A user's role for a city: its lead liaison or one of its co-coordinators."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_roles", verbose_name=_("user")
    )
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="coordinators", verbose_name=_("city"))
    role = models.CharField(_("role"), max_length=20, choices=CoordinatorRole.choices)
    show_contact_publicly = models.BooleanField(
        _("show contact publicly"),
        default=False,
        help_text=_("The coordinator agreed that their name and e-mail appear on the city's public page and API."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CoordinatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        ordering = ["city", "role", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "city"],
                name="one_role_per_coordinator_and_city",
                violation_error_message=_("This person already coordinates this city."),
            ),
            models.UniqueConstraint(
                fields=["city"],
                condition=Q(role=CoordinatorRole.LEAD_LIAISON),
                name="one_lead_liaison_per_city",
                violation_error_message=_("This city already has a lead liaison."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.city.name})"


class CoordinatorInvitation(models.Model):
    """An invitation to co-coordinate a city, e-mailed as a link: used once, revocable, valid for 14 days.

    The link carries a random token and only its SHA-256 is kept here, so neither the database nor the admin can
    give the link away. The row outlives its city (SET_NULL) so that a link to a deleted city is refused with a
    reason, and it keeps who invited and who accepted for the record.
    """

    city = models.ForeignKey(
        City, on_delete=models.SET_NULL, null=True, related_name="invitations", verbose_name=_("city")
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = CoordinatorInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordinator invitation")
        verbose_name_plural = _("coordinator invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked_not_both",
                violation_error_message=_("An invitation is either accepted or revoked, not both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.city.name if self.city else '-'})"

    @property
    def expires_at(self):
        return self.created_at + INVITATION_VALIDITY


class NetworkAffiliation(ChangesItsCity, models.Model):
    """A city's membership of another network, with its id there, so partners can join records across networks."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="network_affiliations")
    network = models.CharField(_("network"), max_length=40, choices=Network.choices)
    identifier = models.CharField(
        _("id in that network"), max_length=100, blank=True, help_text=_("The city's id or code in that network.")
    )
    since = models.DateField(_("member of that network since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("network affiliation")
        verbose_name_plural = _("network affiliations")
        ordering = ["city", "network", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "network"],
                condition=~Q(network="other"),
                name="one_affiliation_per_city_and_network",
                violation_error_message=_("This city is already recorded in that network."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city.name}: {self.get_network_display()}"


class MemberListImport(models.Model):
    """A member list too large to check and import within a web request: the file waits in the private uploads
    (members.resources.PendingImportStorage), a worker checks it (the preview) and, once staff confirm, imports
    it, all or nothing; the row keeps the progress and the report (rows new, updated, skipped; errors per row)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    original_file_name = models.CharField(_("file"), max_length=255)
    stored_file_name = models.CharField(max_length=255, editable=False)
    file_format = models.CharField(_("format"), max_length=10)
    dry_run = models.BooleanField(_("preview only"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows done"), default=0)
    new_rows = models.PositiveIntegerField(_("new"), default=0)
    updated_rows = models.PositiveIntegerField(_("updated"), default=0)
    skipped_rows = models.PositiveIntegerField(_("unchanged"), default=0)
    # [{"row": 12, "messages": ["country: Unknown country: 'Atlantis'."]}, ...]; row 0 is the file as a whole.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("member list import")
        verbose_name_plural = _("member list imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def has_failed(self) -> bool:
        return self.status == ImportStatus.FAILED

    @property
    def is_previewed(self) -> bool:
        """Checked and waiting for staff to confirm the import."""
        return self.status == ImportStatus.PREVIEWED

    @property
    def is_imported(self) -> bool:
        return self.status == ImportStatus.IMPORTED

    @property
    def percent_done(self) -> int:
        return min(100, self.processed_rows * 100 // self.total_rows) if self.total_rows else 0
