"""Forms of webhooks' admin: a subscription's target and events, and the time from which to redeliver."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import EventType
from .models import Subscription
from .targets import WebhookTargetRefused, target_check


class SubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=capfirst(_("events")),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    class Meta:
        model = Subscription
        fields = ["partner_key", "target_url", "events", "contact_email"]
        # A plain input: the admin's URL widget would show a refused address as a link to follow ("Currently: ...").
        widgets = {"target_url": forms.URLInput(attrs={"class": "vURLField"})}
        help_texts = {
            "target_url": _(
                "The partner's address that receives the events, with https: on the public internet, never a "
                "private or local one."
            )
        }

    def clean_target_url(self) -> str:
        url = self.cleaned_data["target_url"]
        try:
            target_check(url)
        except WebhookTargetRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return url


class RedeliverSinceForm(forms.Form):
    since = forms.DateTimeField(
        label=_("Send again every event since"), help_text=_("For example 2026-12-01 08:00 (the portal's time zone).")
    )
