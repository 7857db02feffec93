from django.contrib import admin

from icp_portal.history_admin import HistoryAdmin

from .models import Proclamation


@admin.register(Proclamation)
class ProclamationAdmin(HistoryAdmin):
    list_display = ["title", "city", "kind", "issuing_body", "adopted_on", "language", "is_public"]
    list_filter = ["kind", "is_public", "language", "city__country"]
    search_fields = ["title", "issuing_body", "city__name", "summary"]
    autocomplete_fields = ["city"]
    list_select_related = ["city"]
    date_hierarchy = "adopted_on"
    readonly_fields = ["created_at", "updated_at"]
