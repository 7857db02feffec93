"""Import and export of the member list (django-import-export), used from admin."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_countries import countries
from import_export import fields, widgets
from import_export.tmp_storages import MediaStorage

from applications.storage import private_storage
from icp_portal.spreadsheets import FormulaSafeResource

from .models import City


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
        skip_unchanged = True
        report_skipped = False
        use_transactions = True

    def import_data(self, dataset, dry_run=False, **kwargs):
        # All or nothing: one refused row and no row of the file is kept, so a fixed file imports cleanly.
        with transaction.atomic():
            result = super().import_data(dataset, dry_run=dry_run, **kwargs)
            if result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
        return result

    def before_import_row(self, row, **kwargs) -> None:
        # The member list rarely has slugs: make one from the name, as a city saved in admin would get.
        if not row.get("slug") and row.get("name"):
            existing = City.objects.filter(member_number=row.get("member_number")).values_list("slug", flat=True)
            row["slug"] = existing.first() or City.unique_slug_for(str(row["name"]), str(row.get("country") or ""))
