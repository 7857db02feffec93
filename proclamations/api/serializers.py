from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.api.serializers import CityBriefSerializer

from ..models import Proclamation


class ProclamationSerializer(serializers.ModelSerializer):
    __doc__ = _("A public proclamation; its signed document's address only where the proclamation is public.")

    city = CityBriefSerializer()
    document_url = serializers.SerializerMethodField(help_text=_("The signed PDF, where one was uploaded."))

    class Meta:
        model = Proclamation
        fields = [
            "id",
            "city",
            "kind",
            "title",
            "issuing_body",
            "adopted_on",
            "summary",
            "text",
            "language",
            "document_url",
            "updated_at",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_document_url(self, proclamation: Proclamation) -> str | None:
        if not (proclamation.is_public and proclamation.document):
            return None
        return self.context["request"].build_absolute_uri(proclamation.document.url)
