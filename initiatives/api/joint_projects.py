"""Joint projects for partners and researchers: `/api/v1/joint-projects/`, the accepted joint projects with their
cities (JSON, and `?format=csv`), and `/api/v1/joint-projects/figures/`, the network's counts."""

import csv
import io

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from icp_portal.api.pagination import filter_updated_since
from icp_portal.api.renderers import CSVRenderer, ORJSONRenderer
from icp_portal.api.schema import answer, example_of, list_schema, record_schema
from icp_portal.api.viewsets import PartnerViewSet
from icp_portal.spreadsheets import formula_safe
from members.api.schema import CITY_BRIEF_EXAMPLE
from members.api.serializers import CityBriefSerializer
from members.filtersets import country_code

from ..choices import JointProjectKind
from ..models import Initiative, InitiativePartner
from ..selectors import joint_project_figures, joint_projects_listed

CSV_COLUMNS = ["slug", "title", "kind", "since", "signed_on", "organising_city", "country", "partner_cities", "web_url"]


class JointProjectFilterSet(django_filters.FilterSet):
    country = django_filters.CharFilter(
        method="filter_country", help_text=_("ISO 3166-1 alpha-2 code: projects with a city of that country.")
    )
    city = django_filters.CharFilter(method="filter_city", help_text=_("Slug of a city, organiser or partner."))
    kind = django_filters.ChoiceFilter(choices=JointProjectKind.choices, help_text=_("Kind of joint project."))
    year = django_filters.NumberFilter(
        method="filter_year", help_text=_("The year the cities became partners (an agreement: the year it was signed).")
    )
    updated_since = django_filters.CharFilter(method=filter_updated_since)

    class Meta:
        model = Initiative
        fields = []

    def filter_country(self, queryset, name: str, value: str):
        code = country_code(value)
        return queryset.filter(Q(city__country=code) | Q(Exists(_partners().filter(city__country=code))))

    def filter_city(self, queryset, name: str, value: str):
        return queryset.filter(Q(city__slug=value) | Q(Exists(_partners().filter(city__slug=value))))

    def filter_year(self, queryset, name: str, value):
        if not 1900 <= value <= 9999:
            raise serializers.ValidationError({"year": ["Give a year such as 2024."]})
        return queryset.filter(Q(signed_on__year=value) | Q(signed_on__isnull=True, partners_since__year=value))


def _partners():
    return InitiativePartner.objects.accepted().of_active_members().filter(initiative=OuterRef("pk"))


class JointProjectSerializer(serializers.ModelSerializer):
    __doc__ = _("An initiative with partner cities, or a City-to-City Alliance Agreement.")

    organising_city = CityBriefSerializer(source="city")
    partner_cities = serializers.SerializerMethodField(help_text=_("The partner cities, by name."))
    since = serializers.SerializerMethodField(help_text=_("The day the cities became partners, or the agreement's."))
    web_url = serializers.SerializerMethodField(help_text=_("The joint project's public page."))

    class Meta:
        model = Initiative
        fields = ["slug", "title", "kind", "since", "signed_on", "organising_city", "partner_cities", "web_url"]

    def get_partner_cities(self, initiative: Initiative) -> list[dict]:
        return CityBriefSerializer(initiative.partner_cities, many=True, context=self.context).data

    def get_since(self, initiative: Initiative) -> str | None:
        since = initiative.signed_on or initiative.partners_since
        return since.isoformat() if since else None

    def get_web_url(self, initiative: Initiative) -> str:
        return self.context["request"].build_absolute_uri(initiative.get_absolute_url())


JOINT_PROJECT_EXAMPLE = {
    "slug": "hiroshima-nagasaki-alliance",
    "title": "Hiroshima and Nagasaki Alliance Agreement",
    "kind": "alliance_agreement",
    "since": "2024-08-06",
    "signed_on": "2024-08-06",
    "organising_city": CITY_BRIEF_EXAMPLE,
    "partner_cities": [
        {
            "slug": "nagasaki",
            "name": "Nagasaki",
            "country": "JP",
            "url": "https://portal.citiesofpeace.org/api/v1/cities/nagasaki/",
        }
    ],
    "web_url": "https://portal.citiesofpeace.org/initiatives/hiroshima-nagasaki-alliance/",
}

FIGURES = inline_serializer(
    "JointProjectFigures",
    {
        "joint_projects": serializers.IntegerField(help_text=_("Initiatives with partner cities, and agreements.")),
        "alliance_agreements": serializers.IntegerField(help_text=_("City-to-City Alliance Agreements among them.")),
        "cities_connected": serializers.IntegerField(help_text=_("Member cities in at least one joint project.")),
        "links": serializers.IntegerField(help_text=_("Links between an organising city and a partner city.")),
        "links_by_year": inline_serializer(
            "LinksInYear",
            {
                "year": serializers.IntegerField(),
                "links": serializers.IntegerField(help_text=_("Links at the end of the year.")),
                "new": serializers.IntegerField(help_text=_("Links made that year.")),
            },
            many=True,
        ),
    },
)
FIGURES_EXAMPLE = {
    "joint_projects": 12,
    "alliance_agreements": 2,
    "cities_connected": 18,
    "links": 15,
    "links_by_year": [{"year": 2024, "links": 6, "new": 6}, {"year": 2025, "links": 15, "new": 9}],
}


@extend_schema_view(
    list=list_schema(
        summary=_("Joint projects"),
        description=_(
            "Accepted joint projects between member cities (the network's collaborative projects): "
            "initiatives with partner cities and City-to-City Alliance Agreements, with their cities."
        ),
        examples=[
            example_of("country", _("Japan"), "JP"),
            example_of("city", "Hiroshima", "hiroshima"),
            example_of("kind", _("Alliance agreements"), "alliance_agreement"),
            example_of("year", "2024", 2024),
        ],
        responses={
            **answer(
                JointProjectSerializer(many=True), _("A page of joint projects."), _("A page"), JOINT_PROJECT_EXAMPLE
            ),
            **answer(
                str, _("Every joint project that matches, as CSV (`?format=csv`)."), "CSV", "slug,title,...", "text/csv"
            ),
        },
    ),
    retrieve=record_schema(
        summary=_("One joint project"),
        parameters=[OpenApiParameter("slug", str, OpenApiParameter.PATH, description=_("The initiative's slug."))],
        responses=answer(JointProjectSerializer, _("The joint project."), _("A joint project"), JOINT_PROJECT_EXAMPLE),
    ),
)
class JointProjectViewSet(PartnerViewSet):
    __doc__ = _("Joint projects of active member cities, newest change first.")

    queryset = joint_projects_listed()
    serializer_class = JointProjectSerializer
    filterset_class = JointProjectFilterSet
    renderer_classes = [ORJSONRenderer, CSVRenderer]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "csv":
            return super().list(request, *args, **kwargs)
        rows = self.get_serializer(self.filter_queryset(self.get_queryset()), many=True).data
        headers = {"Content-Disposition": 'attachment; filename="joint-projects.csv"'}
        return Response(_csv(rows), headers=headers, content_type="text/csv; charset=utf-8")

    @extend_schema(
        summary=_("Joint project figures"),
        description=_(
            "The network's collaborative project numbers: joint projects, alliance agreements, the cities "
            "they connect and the links between cities, year by year (cumulative)."
        ),
        filters=False,
        responses=answer(FIGURES, _("The figures."), _("Figures"), FIGURES_EXAMPLE),
    )
    @action(detail=False, pagination_class=None, filter_backends=[], renderer_classes=[ORJSONRenderer])
    def figures(self, request: Request, *args, **kwargs) -> Response:
        figures = joint_project_figures()
        return Response(
            {
                "joint_projects": figures.joint_projects,
                "alliance_agreements": figures.alliance_agreements,
                "cities_connected": figures.cities_connected,
                "links": figures.links,
                "links_by_year": [vars(year) for year in figures.links_by_year],
            }
        )


def _csv(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                *(formula_safe(row[key] or "") for key in ("slug", "title", "kind", "since", "signed_on")),
                row["organising_city"]["slug"],
                row["organising_city"]["country"],
                " ".join(city["slug"] for city in row["partner_cities"]),
                row["web_url"],
            ]
        )
    return out.getvalue()
