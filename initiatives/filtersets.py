"""Filters of initiatives: one FilterSet for the API and, with the page's fields, for the public list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from icp_portal.api.pagination import filter_updated_since
from icp_portal.widgets import QuickSelect
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


class InitiativeDirectoryFilterSet(InitiativeFilterSet):
    """The filters of the public list of initiatives: a search that also reads the city's name, the category, and a
    country list in the visitor's language. Every field is optional; the page leaves the list unfiltered when one
    value is invalid (a hand-edited URL), as the city directory does, instead of failing."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=100)
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=InitiativeCategory.choices, empty_label=_("All categories")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=countries,
        empty_label=_("All countries"),
        method="filter_country",
        widget=QuickSelect,
    )

    class Meta:
        model = Initiative
        fields = ["q", "category", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("city", "status", "search", "updated_since"):
            self.filters.pop(name, None)

    def filter_country(self, queryset, name: str, value: str):
        return queryset.filter(city__country=value)

    def filter_text(self, queryset, name: str, value: str):
        # The whole text, not word by word as the API's `search`: the page has always matched it as typed.
        return queryset.filter(
            Q(title__icontains=value) | Q(description__icontains=value) | Q(city__name__icontains=value)
        )
