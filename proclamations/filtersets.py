"""Filters of proclamations, for the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from icp_portal.api.pagination import filter_updated_since
from members.filtersets import country_code

from .choices import ProclamationKind
from .models import Proclamation


class ProclamationFilterSet(django_filters.FilterSet):
    city = django_filters.CharFilter(field_name="city__slug", help_text=_("Slug of the city."))
    country = django_filters.CharFilter(method="filter_country", help_text=_("ISO 3166-1 alpha-2 code."))
    kind = django_filters.ChoiceFilter(choices=ProclamationKind.choices, help_text=_("Kind of act."))
    adopted_after = django_filters.DateFilter(
        field_name="adopted_on", lookup_expr="gte", help_text=_("Adopted on this day or later.")
    )
    adopted_before = django_filters.DateFilter(
        field_name="adopted_on", lookup_expr="lte", help_text=_("Adopted on this day or earlier.")
    )
    updated_since = django_filters.CharFilter(method=filter_updated_since)

    class Meta:
        model = Proclamation
        fields = []

    def filter_country(self, queryset, name: str, value: str):
        return queryset.filter(city__country=country_code(value))
