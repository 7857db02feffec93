"""Filters of the member directory: one FilterSet for the API (and the HTML directory)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from rest_framework.exceptions import ValidationError

from icp_portal.api.pagination import filter_updated_since
from icp_portal.widgets import QuickSelect

from .choices import CommunityType, MembershipStatus, Network, Pathway
from .geography import Continent, countries_named
from .models import City, NetworkAffiliation

# Orderings a client may ask for; each ends on a unique column so pages never overlap.
CITY_ORDERINGS = {
    "member_number": ["member_number"],
    "-member_number": ["-member_number"],
    "name": ["name", "id"],
    "-name": ["-name", "-id"],
    "member_since": ["member_since", "member_number"],
    "-member_since": ["-member_since", "-member_number"],
    "updated_at": ["updated_at", "id"],
    "-updated_at": ["-updated_at", "-id"],
    "population": ["population", "member_number"],
    "-population": ["-population", "-member_number"],
}


def country_code(value: str) -> str:
    """The ISO 3166-1 alpha-2 code given, upper-cased; an unknown one is a bad parameter."""
    code = value.strip().upper()
    if code not in countries:
        raise ValidationError(
            {"country": [f"Unknown country code {value!r}: give an ISO 3166-1 alpha-2 code such as US or DE."]}
        )
    return code


class CityFilterSet(django_filters.FilterSet):
    country = django_filters.CharFilter(
        method="filter_country",
        help_text=_("ISO 3166-1 alpha-2 code of the country, e.g. US or DE. An unknown code is a 400."),
    )
    continent = django_filters.ChoiceFilter(
        choices=Continent.choices, method="filter_continent", help_text=_("Continent code, e.g. EU or AF.")
    )
    community_type = django_filters.ChoiceFilter(choices=CommunityType.choices, help_text=_("Kind of community."))
    status = django_filters.ChoiceFilter(
        choices=MembershipStatus.choices,
        help_text=_("Membership status. All statuses by default, so a sync also hears of cities that withdrew."),
    )
    network = django_filters.ChoiceFilter(
        choices=Network.choices, method="filter_network", help_text=_("Cities that also belong to this network.")
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text=_(
            "Words that must all appear in the city's name, region or slug, or in its country's name in English or "
            "the language of Accept-Language (case-insensitive)."
        ),
    )
    updated_since = django_filters.CharFilter(method=filter_updated_since)
    member_since_after = django_filters.DateFilter(
        field_name="member_since", lookup_expr="gte", help_text=_("Members since this day or later (YYYY-MM-DD).")
    )
    member_since_before = django_filters.DateFilter(
        field_name="member_since", lookup_expr="lte", help_text=_("Members since this day or earlier (YYYY-MM-DD).")
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(name, name) for name in CITY_ORDERINGS],
        method="filter_ordering",
        empty_label=None,
        help_text=_("Order of the rows; member_number by default. A leading - reverses it."),
    )

    class Meta:
        model = City
        fields = []

    def filter_country(self, queryset, name: str, value: str):
        return queryset.filter(country=country_code(value))

    def filter_continent(self, queryset, name: str, value: str):
        return queryset.in_continent(value)

    def filter_network(self, queryset, name: str, value: str):
        # EXISTS, not a join: a city in two "other" networks must still appear once.
        return queryset.filter(Exists(NetworkAffiliation.objects.filter(city=OuterRef("pk"), network=value)))

    def filter_search(self, queryset, name: str, value: str):
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(region__icontains=word)
                | Q(slug__icontains=word)
                | Q(country__in=countries_named(word))
            )
        return queryset

    def filter_ordering(self, queryset, name: str, value: str):
        return queryset.order_by(*CITY_ORDERINGS[value])


class CityDirectoryFilterSet(CityFilterSet):
    """The public directory's filters: the API's rules, with a country list in the visitor's language and the
    pathway. An unknown value simply matches nothing or is ignored: a page never fails on a hand-edited URL."""

    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=countries, method="filter_country", widget=QuickSelect
    )
    continent = django_filters.ChoiceFilter(label=_("Continent"), choices=Continent.choices, method="filter_continent")
    community_type = django_filters.ChoiceFilter(label=_("Community type"), choices=CommunityType.choices)
    pathway = django_filters.ChoiceFilter(label=_("Became a City of Peace by"), choices=Pathway.choices)
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    member_since_after = django_filters.DateFilter(
        label=_("Member since, from"),
        field_name="member_since",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    member_since_before = django_filters.DateFilter(
        label=_("Member since, until"),
        field_name="member_since",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ordering = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("name", _("Name")), ("-member_since", _("Newest members")), ("member_number", _("Member number"))],
        method="filter_ordering",
        empty_label=None,
    )

    class Meta:
        model = City
        fields = [
            "search",
            "country",
            "continent",
            "community_type",
            "pathway",
            "member_since_after",
            "member_since_before",
            "ordering",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("status", "network", "updated_since"):
            self.filters.pop(name, None)

    def filter_country(self, queryset, name: str, value: str):
        return queryset.filter(country=value)
