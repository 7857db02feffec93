from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.api.serializers import CityBriefSerializer

from ..models import Initiative


class InitiativeSerializer(serializers.ModelSerializer):
    """A peace initiative of a member city."""

    city = CityBriefSerializer()
    partner_organisations = serializers.ListField(
        source="partner_organisation_list", child=serializers.CharField(), help_text="One name per organisation."
    )
    web_url = serializers.SerializerMethodField(help_text="The initiative's public page.")

    class Meta:
        model = Initiative
        fields = [
            "slug",
            "city",
            "title",
            "category",
            "status",
            "description",
            "start_date",
            "end_date",
            "participants",
            "partner_organisations",
            "link",
            "web_url",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, initiative: Initiative) -> str:
        return self.context["request"].build_absolute_uri(initiative.get_absolute_url())
