"""What a partner reads and writes of its webhooks: subscriptions (the secret only in the answer that creates or
rotates it), the log of deliveries, and redelivery requests. Every change goes through webhooks/services.py."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..choices import EventType
from ..models import RESPONSE_EXCERPT_CHARS, Delivery, DeliveryAttempt, Subscription
from ..targets import WebhookTargetRefused, target_check

SUBSCRIPTION_FIELDS = [
    "id",
    "target_url",
    "events",
    "contact_email",
    "is_active",
    "disabled_reason",
    "disabled_at",
    "previous_secret_expires_at",
    "created_at",
    "updated_at",
]


class EventTypesField(serializers.ListField):
    """A non-empty list of event types, each one of EventType; a repeated type counts once."""

    child = serializers.ChoiceField(choices=EventType.choices)

    def __init__(self, **kwargs) -> None:
        super().__init__(allow_empty=False, max_length=len(EventType.values), **kwargs)

    def to_internal_value(self, data) -> list[str]:
        # Checked before each item is: a list of thousands of repeats is refused, not read and folded into one.
        if isinstance(data, list) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return sorted(set(super().to_internal_value(data)))


class SubscriptionSerializer(serializers.ModelSerializer):
    __doc__ = _(
        "A subscription as its partner sees it. `is_active` is written too: false stops deliveries (those owed wait; "
        "later events are not recorded for it), true resumes them, the target being checked again."
    )

    target_url = serializers.URLField(
        max_length=500,
        help_text=_("Where events are POSTed: https, on a public address (not loopback, private or link-local)."),
    )
    events = EventTypesField(
        help_text=format_lazy(
            _("The event types sent to the URL: one or more of {event_types}"), event_types=", ".join(EventType.values)
        )
    )
    contact_email = serializers.EmailField(
        max_length=254, help_text=_("Told by e-mail when deliveries keep failing and the subscription is disabled.")
    )
    is_active = serializers.BooleanField(
        required=False,
        help_text=_(
            "False while disabled, by the partner or after a day of failed deliveries. Set it to true to "
            "deliver again, beginning with what waited; events of the time it was disabled come by a redelivery "
            "since then."
        ),
    )
    disabled_reason = serializers.CharField(read_only=True, help_text=_("Why the subscription was disabled."))
    previous_secret_expires_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("After a rotation: until when the previous secret signs too.")
    )

    class Meta:
        model = Subscription
        fields = SUBSCRIPTION_FIELDS
        read_only_fields = ["id", "disabled_at", "created_at", "updated_at"]

    def validate_target_url(self, value: str) -> str:
        try:
            target_check(value)
        except WebhookTargetRefused as refused:
            raise serializers.ValidationError(str(refused)) from refused
        return value


class SubscriptionWithSecretSerializer(SubscriptionSerializer):
    __doc__ = _("The answer to a new subscription: with its signing secret, shown this once.")

    secret = serializers.SerializerMethodField(
        help_text=_("The signing secret (`whsec_...`): shown only in this answer. Keep it to verify signatures.")
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SUBSCRIPTION_FIELDS, "secret"]

    def get_secret(self, subscription: Subscription) -> str:
        return self.context["secret"]


class SecretSerializer(serializers.Serializer):
    __doc__ = _("The answer to a rotation.")

    secret = serializers.CharField(help_text=_("The new signing secret, shown only in this answer."))
    previous_secret_expires_at = serializers.DateTimeField(
        help_text=_("The previous secret signs too (a second `v1,` signature) until this time.")
    )


class DeliveryAttemptSerializer(serializers.ModelSerializer):
    attempt = serializers.IntegerField(source="number", help_text=_("1 for the first POST, 2 for the first retry..."))
    status_code = serializers.IntegerField(
        allow_null=True, help_text=_("Your answer's HTTP status; null if none came.")
    )
    duration_ms = serializers.IntegerField(help_text=_("Milliseconds from the connection to the end of the answer."))
    response_excerpt = serializers.CharField(
        help_text=format_lazy(
            _("The start of your answer's body (at most {characters} characters)."), characters=RESPONSE_EXCERPT_CHARS
        )
    )
    error = serializers.CharField(help_text=_("What went wrong when no answer came (timeout, refused connection...)."))

    class Meta:
        model = DeliveryAttempt
        fields = ["attempt", "attempted_at", "status_code", "duration_ms", "response_excerpt", "error"]


class DeliverySerializer(serializers.ModelSerializer):
    __doc__ = _("One event owed to the subscription, its state and its attempts, newest first.")

    webhook_id = serializers.CharField(
        source="event.webhook_id", help_text=_("The webhook-id header: the same on every attempt and redelivery.")
    )
    event_type = serializers.ChoiceField(source="event.type", choices=EventType.choices)
    event_created_at = serializers.DateTimeField(source="event.created_at", help_text=_("When the event happened."))
    attempts = serializers.IntegerField(help_text=_("How many POSTs were made."))
    log = DeliveryAttemptSerializer(many=True, help_text=_("Every attempt, newest first."))

    class Meta:
        model = Delivery
        fields = [
            "id",
            "webhook_id",
            "event_type",
            "event_created_at",
            "status",
            "attempts",
            "next_attempt_at",
            "delivered_at",
            "log",
        ]


class RedeliverSerializer(serializers.Serializer):
    __doc__ = _("Either one event (by its webhook-id) or every event since a time; not both.")

    webhook_id = serializers.RegexField(
        r"^msg_[0-9a-f]{32}$",
        required=False,
        help_text=_("The webhook-id of one event to send again."),
        error_messages={"invalid": _("A webhook-id reads msg_ and 32 hexadecimal digits.")},
    )
    since = serializers.DateTimeField(
        required=False, help_text=_("Send again every event since this time (ISO 8601) of the types subscribed.")
    )

    def validate(self, data: dict) -> dict:
        if ("webhook_id" in data) == ("since" in data):
            raise serializers.ValidationError(_("Give either webhook_id or since, not both."))
        return data


class RedeliveredSerializer(serializers.Serializer):
    redelivered = serializers.IntegerField(help_text=_("How many events are sent again, with their first webhook-id."))
