"""Staff's view of webhooks: subscriptions (the secret shown once, at creation or rotation), the events recorded
and every delivery attempt. Every change goes through webhooks/services.py."""

import json

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .choices import EventType
from .forms import RedeliverSinceForm, SubscriptionForm
from .models import Delivery, DeliveryAttempt, Event, Subscription
from .services import (
    WebhookTargetRefused,
    event_redeliver,
    events_redeliver_since,
    subscription_create,
    subscription_disable,
    subscription_enable,
    subscription_secret_rotate,
    subscription_update,
)


def _secret_shown_once(secret: str) -> str:
    return format_html(
        "{} <code>{}</code>", _("The signing secret, shown only this once; give it to the partner:"), secret
    )


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["__str__", "events_listed", "is_active", "disabled_reason", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["partner_key__organisation", "target_url", "contact_email"]
    readonly_fields = ["is_active", "disabled_reason", "disabled_at", "previous_secret_expires_at", "created_at"]
    actions = ["rotate_secret", "disable", "enable", "redeliver_since"]

    @admin.display(description=_("events"))
    def events_listed(self, subscription: Subscription) -> str:
        if set(subscription.events) >= set(EventType.values):
            return gettext("Every event")
        return ", ".join(subscription.events)

    def get_readonly_fields(self, request, obj=None):
        # The owner of a subscription never changes: a new owner subscribes anew, with a secret of its own.
        return [*self.readonly_fields, "partner_key"] if obj else self.readonly_fields

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["partner_key", "target_url", "events", "contact_email"]
        return ["partner_key", "target_url", "events", "contact_email", *self.readonly_fields]

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        if change:
            subscription_update(
                subscription=obj,
                target_url=data["target_url"],
                events=data["events"],
                contact_email=data["contact_email"],
            )
            return
        created, secret = subscription_create(
            partner_key=data["partner_key"],
            target_url=data["target_url"],
            events=data["events"],
            contact_email=data["contact_email"],
        )
        obj.pk, obj.secret, obj.created_at = created.pk, created.secret, created.created_at
        self.message_user(request, _secret_shown_once(secret), messages.WARNING)

    @admin.action(description=_("Rotate the signing secret (the old one signs for a while)"), permissions=["change"])
    def rotate_secret(self, request, queryset) -> None:
        for subscription in queryset:
            secret = subscription_secret_rotate(subscription=subscription)
            shown = format_html("{}: {}", subscription, _secret_shown_once(secret))
            self.message_user(request, shown, messages.WARNING)

    @admin.action(description=_("Disable the selected subscriptions"), permissions=["change"])
    def disable(self, request, queryset) -> None:
        for subscription in queryset:
            subscription_disable(subscription=subscription, reason=_("Disabled by staff."))
        self.message_user(request, _("Disabled."), messages.SUCCESS)

    @admin.action(description=_("Enable the selected subscriptions (what waited is delivered)"), permissions=["change"])
    def enable(self, request, queryset) -> None:
        for subscription in queryset:
            try:
                subscription_enable(subscription=subscription)
            except (WebhookTargetRefused, ValidationError) as refused:
                self.message_user(request, f"{subscription}: {refused}", messages.ERROR)
        self.message_user(request, _("Enabled."), messages.SUCCESS)

    @admin.action(description=_("Redeliver every event since a time…"), permissions=["change"])
    def redeliver_since(self, request, queryset):
        form = RedeliverSinceForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():
            total = sum(
                events_redeliver_since(subscription=subscription, since=form.cleaned_data["since"])
                for subscription in queryset
            )
            self.message_user(
                request,
                ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", total)
                % {"count": total},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "subscriptions": queryset,
            "action": request.POST.get("action"),
            "form": form,
            "title": _("Redeliver events"),
        }
        return TemplateResponse(request, "admin/webhooks/subscription/redeliver_since.html", context)


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["number", "attempted_at", "status_code", "duration_ms", "error", "response_excerpt"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["__str__", "type", "city_key", "created_at"]
    list_filter = ["type"]
    search_fields = ["city_key"]
    fields = ["type", "webhook_id", "city_key", "created_at", "payload_shown"]
    readonly_fields = fields
    actions = ["redeliver"]

    @admin.display(description=_("payload"))
    def payload_shown(self, event: Event) -> str:
        return format_html("<pre>{}</pre>", json.dumps(event.payload, indent=2, ensure_ascii=False))

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Redeliver to every subscription it was sent to"), permissions=["change"])
    def redeliver(self, request, queryset) -> None:
        count = 0
        for delivery in Delivery.objects.filter(event__in=queryset).select_related("subscription", "event"):
            event_redeliver(subscription=delivery.subscription, event=delivery.event)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "subscription", "status", "attempts", "next_attempt_at", "delivered_at"]
    list_filter = ["status", "event__type"]

    def get_queryset(self, request):
        # A delivery is named by its event and its partner (Delivery.__str__): on its page and in a deletion's list.
        return super().get_queryset(request).select_related("event", "subscription__partner_key")

    search_fields = ["subscription__partner_key__organisation", "subscription__target_url"]
    fields = ["event", "subscription", "status", "attempts", "next_attempt_at", "failing_since", "delivered_at"]
    readonly_fields = fields
    inlines = [DeliveryAttemptInline]
    actions = ["redeliver"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Redeliver (with the same webhook-id)"), permissions=["change"])
    def redeliver(self, request, queryset) -> None:
        for delivery in queryset.select_related("subscription", "event"):
            event_redeliver(subscription=delivery.subscription, event=delivery.event)
        self.message_user(request, _("Queued again."), messages.SUCCESS)
