"""sitemap.xml: the public pages search engines should know, each city and initiative included."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from initiatives.models import Initiative
from members.models import City
from reports.models import Report


class PublicPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["home", "members:city_list", "initiatives:list", "progress:dashboard", "privacy"]

    def location(self, item: str) -> str:
        return reverse(item)


class CitySitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return City.objects.active().only("slug", "updated_at").order_by("member_number")

    def lastmod(self, city: City):
        return city.updated_at


class InitiativeSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Initiative.objects.of_active_members().only("slug", "updated_at").order_by("id")

    def lastmod(self, initiative: Initiative):
        return initiative.updated_at


class ReportSitemap(Sitemap):
    """Published yearly reports of active members."""

    changefreq = "yearly"
    limit = 5000

    def items(self):
        return Report.objects.published().filter(city__in=City.objects.active()).select_related("city").order_by("id")

    def lastmod(self, report: Report):
        return report.updated_at


SITEMAPS = {
    "pages": PublicPagesSitemap,
    "cities": CitySitemap,
    "initiatives": InitiativeSitemap,
    "reports": ReportSitemap,
}
