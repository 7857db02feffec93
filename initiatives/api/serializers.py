from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.api.serializers import CityBriefSerializer

from ..models import Initiative


class InitiativeSerializer(serializers.ModelSerializer):
    __doc__ = _("A peace initiative of a member city.")

    city = CityBriefSerializer()
    partner_organisations = serializers.ListField(
        source="partner_organisation_list", child=serializers.CharField(), help_text=_("One name per organisation.")
    )
    partner_cities = serializers.SerializerMethodField(
        help_text=_("Member cities that accepted to be partners of the initiative (a joint project), by name.")
    )
    web_url = serializers.SerializerMethodField(help_text=_("The initiative's public page."))

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
            "partner_cities",
            "link",
            "web_url",
            "updated_at",
        ]

    @extend_schema_field(CityBriefSerializer(many=True))
    def get_partner_cities(self, initiative: Initiative) -> list[dict]:
        return CityBriefSerializer(initiative.partner_cities, many=True, context=self.context).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, initiative: Initiative) -> str:
        return self.context["request"].build_absolute_uri(initiative.get_absolute_url())
