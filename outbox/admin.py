from django.contrib import admin

from .models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Whether each e-mail went out, never what it said: the text carries sign-in secrets (reset, sign-up and
    invitation links), so a member of staff who could read it could take over the account it was sent to."""

    list_display = ["subject", "to", "created_at", "sent_at", "attempts"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "subject"]
    fields = ["to", "subject", "created_at", "sent_at", "attempts", "last_error"]
    readonly_fields = fields

    def get_queryset(self, request):
        # Not even decrypted in memory for a page that must not show it.
        return super().get_queryset(request).defer("body", "html_body")

    def has_add_permission(self, request) -> bool:
        return False
