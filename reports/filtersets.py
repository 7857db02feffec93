"""Filters of published yearly reports, for the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from icp_portal.api.pagination import filter_updated_since
from members.filtersets import country_code

from .models import Report


class ReportFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        field_name="year", min_value=2010, max_value=2100, help_text=_("Year of the report (of the anniversary).")
    )
    city = django_filters.CharFilter(field_name="city__slug", max_length=220, help_text=_("Slug of the city."))
    country = django_filters.CharFilter(method="filter_country", help_text=_("ISO 3166-1 alpha-2 code."))
    updated_since = django_filters.CharFilter(method=filter_updated_since)

    class Meta:
        model = Report
        fields = []

    def filter_country(self, queryset, name: str, value: str):
        return queryset.filter(city__country=country_code(value))
