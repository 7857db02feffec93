from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.api.serializers import CityBriefSerializer

from ..choices import STANDARD_FIGURES
from ..models import Report, ReportIndicator


class ReportIndicatorSerializer(serializers.ModelSerializer):
    __doc__ = _("A local indicator the city chose to report.")

    value = serializers.FloatField()

    class Meta:
        model = ReportIndicator
        fields = ["name", "value", "unit", "source", "year"]


class ReportSerializer(serializers.ModelSerializer):
    __doc__ = _("A member city's yearly report, published once ICP accepted it.")

    city = CityBriefSerializer()
    initiatives = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text=_("Slugs of the initiatives of the year.")
    )
    indicators = ReportIndicatorSerializer(many=True)
    photo_count = serializers.SerializerMethodField(help_text=_("Photos on the report's public page."))
    web_url = serializers.SerializerMethodField(help_text=_("The report's public page."))
    published_at = serializers.DateTimeField(source="accepted_at")

    class Meta:
        model = Report
        fields = [
            "id",
            "city",
            "year",
            "activities",
            "initiatives",
            *STANDARD_FIGURES,
            "indicators",
            "story",
            "plans",
            "photo_count",
            "web_url",
            "published_at",
            "updated_at",
        ]

    def get_photo_count(self, report: Report) -> int:
        return len(report.photos.all())

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, report: Report) -> str:
        return self.context["request"].build_absolute_uri(report.get_absolute_url())
