from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Certificate
from .services import certificate_reissue


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Certificates are issued by their first download and replaced by a reissue, never written by hand. The rights
    are those over member cities: who may view cities sees their certificates, who may change them reissues, who may
    delete them deletes."""

    list_display = ["city", "issued_at", "is_current", "links"]
    list_filter = [("replaced_at", admin.EmptyFieldListFilter)]
    list_select_related = ["city"]
    search_fields = ["city__name", "code"]
    readonly_fields = ["city", "code", "issued_at", "replaced_at", "replaced_by", "links"]
    actions = ["reissue"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("members.view_city") or super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A city's certificates go with it: who may delete the city may delete them, or the city's delete is refused.
        return request.user.has_perm("members.delete_city")

    def has_reissue_permission(self, request) -> bool:
        return request.user.has_perm("members.change_city")

    @admin.display(boolean=True, description=_("current"))
    def is_current(self, certificate: Certificate) -> bool:
        return certificate.is_current

    @admin.display(description=_("links"))
    def links(self, certificate: Certificate) -> str:
        download = "certificates:certificate_download"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("certificates:verify", kwargs={"code": certificate.code}),
            _("public check"),
            reverse(download, kwargs={"slug": certificate.city.slug, "paper": "a4"}),
            _("PDF, A4"),
            reverse(download, kwargs={"slug": certificate.city.slug, "paper": "letter"}),
            _("PDF, US Letter"),
        )

    @admin.action(description=_("Reissue the certificates of the selected cities"), permissions=["reissue"])
    def reissue(self, request, queryset):
        cities = {certificate.city_id: certificate.city for certificate in queryset.select_related("city")}
        for city in cities.values():
            certificate_reissue(city=city)
        self.message_user(
            request,
            _("New certificates issued: %(count)s. The old codes now say they were replaced.") % {"count": len(cities)},
            messages.SUCCESS,
        )
