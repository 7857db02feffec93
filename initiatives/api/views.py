"""Peace initiatives for partners: `/api/v1/initiatives/`."""

from django.utils.translation import gettext_lazy as _

from icp_portal.api.viewsets import PartnerViewSet
from partners.tallies import INITIATIVES

from ..filtersets import InitiativeFilterSet
from ..models import Initiative
from .json_rows import initiative_json
from .schema import INITIATIVE_SCHEMA
from .serializers import InitiativeSerializer


@INITIATIVE_SCHEMA
class InitiativeViewSet(PartnerViewSet):
    __doc__ = _("Initiatives of every member city, whatever its status: a partner's copy follows the record.")

    queryset = Initiative.objects.select_related("city").with_partner_cities().order_by("-updated_at", "id")
    serializer_class = InitiativeSerializer
    row_json = staticmethod(initiative_json)
    tally = INITIATIVES
    filterset_class = InitiativeFilterSet
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
