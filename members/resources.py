"""Import and export of the member list (django-import-export), used from admin."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import UniqueConstraint
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_countries import countries
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import Error
from import_export.tmp_storages import MediaStorage

from icp_portal.spreadsheets import FormulaSafeResource
from icp_portal.uploads import private_storage

from .models import City
from .normalise import community_key


class PendingImportStorage(MediaStorage):
    """Where an uploaded member list waits between its preview and its confirmation: with the private uploads
    (local disk or the S3 bucket's private/ part), which every web machine of the deployment reads."""

    def _configure_storage(self) -> None:
        self._storage = private_storage


def abandoned_imports_remove(*, now=None, older_than: timedelta = timedelta(days=1)) -> int:
    """Removes member lists previewed but never confirmed (a confirmed one is removed by the import itself)."""
    now = now or timezone.now()
    folder = PendingImportStorage().MEDIA_FOLDER
    if not private_storage.exists(folder):
        return 0
    removed = 0
    for name in private_storage.listdir(folder)[1]:
        path = f"{folder}/{name}"
        if private_storage.get_modified_time(path) < now - older_than:
            private_storage.delete(path)
            removed += 1
    return removed


class CountryWidget(widgets.Widget):
    """A country as its ISO code ("KE") or its English name ("Kenya"); exported as the code."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            raise ValueError("The country is missing.")
        if len(text) == 2 and text.upper() in countries:
            return text.upper()
        code = countries.by_name(text)
        if not code:
            raise ValueError(f"Unknown country: {text!r}. Use the ISO code (KE) or the English name (Kenya).")
        return code

    def render(self, value, obj=None, **kwargs):
        return str(value.code if hasattr(value, "code") else value or "")


def _member_number(value) -> int | None:
    """A member number as the file gives it ("12", 12, 12.0 from a spreadsheet), or None when it is none."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    # Beyond PostgreSQL's integer the number is refused by the row itself; it must not break the lookup of all.
    return int(number) if number == number.to_integral_value() and 1 <= number < 2**31 else None


class MemberNumberLoader(CachedInstanceLoader):
    """The cities a file names, loaded in one query instead of one per row; a number that is not one (text, out
    of range) loads nothing and leaves its row to say why."""

    def __init__(self, resource, dataset=None) -> None:
        self.resource, self.dataset = resource, dataset
        self.pk_field = resource.fields["member_number"]
        numbers = {_member_number(row.get("member_number")) for row in dataset.dict} - {None}
        self.all_instances = {city.member_number: city for city in City.objects.filter(member_number__in=numbers)}

    def get_instance(self, row):
        return self.all_instances.get(_member_number(row.get("member_number")))


class CityResource(FormulaSafeResource):
    """The existing member list: one row per City of Peace, identified by its member number, so a
    re-import updates rows instead of duplicating them."""

    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())

    class Meta:
        model = City
        import_id_fields = ["member_number"]
        fields = [
            "member_number",
            "name",
            "slug",
            "community_type",
            "country",
            "region",
            "population",
            "population_year",
            "latitude",
            "longitude",
            "website",
            "pathway",
            "status",
            "member_since",
            "contact_email",
            "peace_statement",
        ]
        export_order = fields
        clean_model_instances = True  # model rules (and database constraints) give each row its reason
        instance_loader_class = MemberNumberLoader
        skip_unchanged = True
        report_skipped = False
        use_transactions = True

    #: Called with the number of rows done after each row (an import task shows its progress with it).
    on_row_done: Callable[[int], None] | None = None

    def import_data(self, dataset, dry_run=False, **kwargs):
        if not dataset.headers:
            # A file whose first line is not a header (or with no line at all): no row can be read.
            result = self.get_result_class()()
            result.append_base_error(Error(ValueError(_(NO_HEADER))))
            return result
        # All or nothing: one refused row and no row of the file is kept, so a fixed file imports cleanly.
        with transaction.atomic():
            result = super().import_data(dataset, dry_run=dry_run, **kwargs)
            if result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
        return result

    def before_import(self, dataset, **kwargs) -> None:
        # Slugs already taken, in one query rather than one per row; the rows' new slugs join them as they come,
        # so two rows of one file never get the same.
        self._taken_slugs = set(City.objects.values_list("slug", flat=True))
        numbers = {_member_number(row.get("member_number")) for row in dataset.dict} - {None}
        cities = City.objects.filter(member_number__in=numbers)
        self._slugs_by_number = dict(cities.values_list("member_number", "slug"))

    def before_import_row(self, row, **kwargs) -> None:
        super().before_import_row(row, **kwargs)
        # The member list rarely has slugs: make one from the name, as a city saved in admin would get.
        if not row.get("slug") and row.get("name"):
            row["slug"] = self._slugs_by_number.get(_member_number(row.get("member_number"))) or self._new_slug(
                str(row["name"]), str(row.get("country") or "")
            )

    def _new_slug(self, name: str, country_code: str) -> str:
        slug = City.unique_slug_for(name, country_code, taken=self._taken_slugs)
        self._taken_slugs.add(slug)
        return slug

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True) -> None:
        # Django checks each CHECK constraint with a query of its own in a savepoint of its own: five queries and
        # ten savepoints per row. The database checks them at the save anyway, and save_instance() turns a refusal
        # into the constraint's own message; every other rule (fields, clean(), uniqueness) is checked here.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors:
            instance.community_key = community_key(instance.name, instance.region)
            for constraint in City._meta.constraints:
                if isinstance(constraint, UniqueConstraint):
                    try:
                        constraint.validate(City, instance)
                    except ValidationError as error:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        try:
            with transaction.atomic():  # a refused row leaves the import's transaction usable
                super().save_instance(instance, is_create, row, **kwargs)
        except IntegrityError as error:
            refused = next((each for each in City._meta.constraints if each.name in str(error)), None)
            if refused is None:
                raise
            raise ValidationError(refused.get_violation_error_message()) from error

    def before_save_instance(self, instance, row, **kwargs) -> None:
        # Whoever imports is the author of each change in the cities' history, in a task as in a request.
        if kwargs.get("user") is not None:
            instance._history_user = kwargs["user"]

    def after_import_row(self, row, row_result, **kwargs) -> None:
        if self.on_row_done is not None:
            self.on_row_done(kwargs["row_number"])


NO_HEADER = gettext_noop(
    "The file has no header row: its first line must name the columns (member_number, name, country, ...)."
)
