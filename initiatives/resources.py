"""Export of peace initiatives."""

from import_export import fields

from icp_portal.spreadsheets import FormulaSafeResource

from .models import Initiative


class InitiativeResource(FormulaSafeResource):
    city = fields.Field(attribute="city__slug", column_name="city")
    country = fields.Field(attribute="city__country__code", column_name="country")

    class Meta:
        model = Initiative
        fields = [
            "slug",
            "title",
            "city",
            "country",
            "category",
            "status",
            "start_date",
            "end_date",
            "participants",
            "partner_organisations",
            "link",
            "updated_at",
        ]
        export_order = fields
