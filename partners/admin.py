from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import PartnerKey
from .services import partner_key_issue, partner_key_revoke


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    """Partner keys: create one (its key is shown once, in the confirmation), see when each was last used, revoke."""

    list_display = ["organisation", "prefix", "created_at", "last_used_at", "revoked_at", "is_active"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["organisation", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(boolean=True, description=pgettext_lazy("a partner API key that still opens the API", "active"))
    def is_active(self, partner_key: PartnerKey) -> bool:
        return partner_key.is_active

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key = partner_key_issue(partner_key=obj)
        self.message_user(
            request,
            _("The key of %(organisation)s is shown only this once: copy it now. %(key)s")
            % {"organisation": obj.organisation, "key": key},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        for partner_key in queryset:
            partner_key_revoke(partner_key=partner_key)
        self.message_user(request, _("Keys revoked: they no longer open the API."), messages.SUCCESS)
