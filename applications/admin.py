from django.contrib import admin

from .models import Application, ApplicationInitiative, ApplicationMessage, ApplicationPhoto, Signatory, StatusChange


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["role", "name", "email", "invited_at", "confirmed_at"]
    readonly_fields = ["invited_at", "confirmed_at"]


class ApplicationInitiativeInline(admin.StackedInline):
    model = ApplicationInitiative
    extra = 0


class ApplicationPhotoInline(admin.TabularInline):
    model = ApplicationPhoto
    extra = 0
    fields = ["image", "caption", "created_at"]
    readonly_fields = ["created_at"]


class ApplicationMessageInline(admin.StackedInline):
    model = ApplicationMessage
    extra = 0
    fields = ["author", "author_role", "body", "created_at"]
    readonly_fields = ["author", "author_role", "body", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Until the review workflow lands in admin, staff see everything an applicant gave, read-only status."""

    list_display = ["name", "country", "community_type", "pathway", "status", "submitted_at", "applicant"]
    list_filter = ["status", "pathway", "community_type", "country"]
    search_fields = ["name", "region", "applicant__email", "applicant__full_name", "signatories__email"]
    list_select_related = ["applicant"]
    readonly_fields = ["status", "applicant", "submitted_at", "decided_at", "city", "created_at", "updated_at"]
    inlines = [
        SignatoryInline,
        ApplicationInitiativeInline,
        ApplicationPhotoInline,
        ApplicationMessageInline,
        StatusChangeInline,
    ]
