from django.contrib import admin

from .models import Initiative


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "category", "status", "start_date", "end_date", "participants"]
    list_filter = ["category", "status", "city__country"]
    search_fields = ["title", "description", "city__name", "partner_organisations"]
    autocomplete_fields = ["city"]
    list_select_related = ["city"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
    readonly_fields = ["created_at", "updated_at"]
