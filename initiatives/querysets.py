"""Reusable filters on initiatives and their partner cities."""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q

from members.choices import MembershipStatus

from .choices import JointProjectKind, PartnershipStatus


class InitiativeQuerySet(models.QuerySet):
    def of_active_members(self) -> "InitiativeQuerySet":
        """Initiatives the public pages show: those of cities that are members now, not withdrawn or suspended."""
        return self.filter(city__status=MembershipStatus.ACTIVE)

    def with_partner_cities(self) -> "InitiativeQuerySet":
        """Each initiative's accepted partners that are members now, by the partner city's name, as
        `accepted_partners`: one query more, whatever the number of initiatives."""
        from .models import InitiativePartner  # the model is defined after its queryset

        partners = InitiativePartner.objects.accepted().of_active_members().select_related("city")
        return self.prefetch_related(
            Prefetch("partnerships", queryset=partners.order_by("city__name", "city_id"), to_attr="accepted_partners")
        )

    def joint_projects(self) -> "InitiativeQuerySet":
        """Initiatives of active members with at least one active member city as an accepted partner, and alliance
        agreements (which connect cities by their nature)."""
        from .models import InitiativePartner  # the model is defined after its queryset

        partnered = InitiativePartner.objects.accepted().of_active_members().filter(initiative=OuterRef("pk"))
        return self.of_active_members().filter(Q(Exists(partnered)) | Q(kind=JointProjectKind.ALLIANCE_AGREEMENT))


class InitiativePartnerQuerySet(models.QuerySet):
    def accepted(self) -> "InitiativePartnerQuerySet":
        return self.filter(status=PartnershipStatus.ACCEPTED)

    def invited(self) -> "InitiativePartnerQuerySet":
        return self.filter(status=PartnershipStatus.INVITED)

    def of_active_members(self) -> "InitiativePartnerQuerySet":
        """Partnerships whose partner and organising city are both members now."""
        return self.filter(city__status=MembershipStatus.ACTIVE, initiative__city__status=MembershipStatus.ACTIVE)

    def for_coordinator(self, user) -> "InitiativePartnerQuerySet":
        """Partnerships of the cities the user coordinates, as the partner."""
        return self.filter(city__coordinators__user=user)
