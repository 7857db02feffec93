from django.contrib import admin

from icp_portal.history_admin import HistoryAdmin
from icp_portal.spreadsheets import PermissionedExportMixin

from .models import Initiative
from .resources import InitiativeResource


@admin.register(Initiative)
class InitiativeAdmin(PermissionedExportMixin, HistoryAdmin):
    resource_classes = [InitiativeResource]
    list_display = ["title", "city", "category", "status", "start_date", "end_date", "participants", "featured"]
    list_editable = ["featured"]
    list_filter = ["featured", "category", "status", "city__country"]
    search_fields = ["title", "description", "city__name", "partner_organisations"]
    autocomplete_fields = ["city"]
    list_select_related = ["city"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
    readonly_fields = ["created_at", "updated_at"]
