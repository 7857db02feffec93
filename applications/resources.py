"""Export of applications for ICP's own reporting."""

from import_export import fields

from icp_portal.spreadsheets import FormulaSafeResource

from .models import Application


class ApplicationResource(FormulaSafeResource):
    applicant_email = fields.Field(attribute="applicant__email", column_name="applicant_email")
    country = fields.Field(attribute="country__code", column_name="country")

    class Meta:
        model = Application
        fields = [
            "id",
            "name",
            "community_type",
            "country",
            "region",
            "population",
            "pathway",
            "status",
            "submitted_at",
            "decided_at",
            "applicant_email",
            "city__slug",
        ]
        export_order = fields
