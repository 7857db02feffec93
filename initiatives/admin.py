from django.contrib import admin

from icp_portal.history_admin import HistoryAdmin
from icp_portal.spreadsheets import PermissionedExportMixin

from .models import Initiative, InitiativePartner
from .resources import InitiativeResource


class InitiativePartnerInline(admin.TabularInline):
    """The partner cities: staff register a City-to-City Alliance Agreement's cities here, as accepted partners."""

    model = InitiativePartner
    extra = 1
    # The city by its id, with the admin's search in a pop-up: the autocomplete widget fails (500) on an id posted
    # that is no number, where this one shows the field's error.
    raw_id_fields = ["city"]
    fields = ["city", "status", "accepted_on", "invited_by", "invited_at", "answered_by", "ended_by", "ended_at"]
    readonly_fields = ["invited_by", "invited_at", "answered_by", "ended_by", "ended_at"]


@admin.register(Initiative)
class InitiativeAdmin(PermissionedExportMixin, HistoryAdmin):
    resource_classes = [InitiativeResource]
    list_display = ["title", "city", "kind", "category", "status", "start_date", "end_date", "participants", "featured"]
    list_editable = ["featured"]
    list_filter = ["featured", "kind", "category", "status", "city__country"]
    search_fields = ["title", "description", "city__name", "partner_organisations"]
    autocomplete_fields = ["city"]
    list_select_related = ["city"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [InitiativePartnerInline]


@admin.register(InitiativePartner)
class InitiativePartnerAdmin(HistoryAdmin):
    """Every invitation and partnership with who invited, answered or ended it, and when."""

    list_display = ["initiative", "city", "status", "invited_at", "answered_at", "accepted_on", "ended_at"]
    list_filter = ["status", "initiative__kind"]
    search_fields = ["initiative__title", "city__name", "initiative__city__name"]
    autocomplete_fields = ["initiative", "city"]
    list_select_related = ["initiative__city", "city"]
    readonly_fields = ["invited_by", "answered_by", "ended_by"]
