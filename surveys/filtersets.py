"""Filters of survey results in the partner API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from icp_portal.api.pagination import filter_updated_since
from members.filtersets import country_code

from .models import Survey


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField  # a year is whole: 2025.5 is a bad parameter


class SurveyFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="year", min_value=2000, max_value=9999, help_text=_("The year."))
    city = django_filters.CharFilter(field_name="city__slug", max_length=100, help_text=_("Slug of the city."))
    country = django_filters.CharFilter(method="filter_country", help_text=_("ISO 3166-1 alpha-2 code."))
    updated_since = django_filters.CharFilter(method=filter_updated_since)

    class Meta:
        model = Survey
        fields = []

    def filter_country(self, queryset, name: str, value: str):
        return queryset.filter(city__country=country_code(value))
