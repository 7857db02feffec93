"""Public proclamations for partners: `/api/v1/proclamations/`."""

from django.utils.translation import gettext_lazy as _

from icp_portal.api.viewsets import PartnerViewSet
from partners.tallies import PUBLIC_PROCLAMATIONS

from ..filtersets import ProclamationFilterSet
from ..models import Proclamation
from .json_rows import proclamation_json
from .schema import PROCLAMATION_SCHEMA
from .serializers import ProclamationSerializer


@PROCLAMATION_SCHEMA
class ProclamationViewSet(PartnerViewSet):
    __doc__ = _("Public proclamations only: the others never leave the portal.")

    queryset = Proclamation.objects.public().select_related("city").order_by("-adopted_on", "id")
    serializer_class = ProclamationSerializer
    row_json = staticmethod(proclamation_json)
    tally = PUBLIC_PROCLAMATIONS
    filterset_class = ProclamationFilterSet
