"""Filters of initiatives, for the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from icp_portal.api.pagination import filter_updated_since
from members.filtersets import country_code

from .choices import InitiativeCategory, InitiativeStatus
from .models import Initiative


class InitiativeFilterSet(django_filters.FilterSet):
    city = django_filters.CharFilter(field_name="city__slug", help_text=_("Slug of the city."))
    country = django_filters.CharFilter(method="filter_country", help_text=_("ISO 3166-1 alpha-2 code."))
    category = django_filters.ChoiceFilter(choices=InitiativeCategory.choices, help_text=_("Kind of initiative."))
    status = django_filters.ChoiceFilter(choices=InitiativeStatus.choices, help_text=_("Planned, active or completed."))
    search = django_filters.CharFilter(
        method="filter_search", help_text=_("Words that must all appear in the title or description.")
    )
    updated_since = django_filters.CharFilter(method=filter_updated_since)

    class Meta:
        model = Initiative
        fields = []

    def filter_country(self, queryset, name: str, value: str):
        return queryset.filter(city__country=country_code(value))

    def filter_search(self, queryset, name: str, value: str):
        for word in value.split()[:5]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset
