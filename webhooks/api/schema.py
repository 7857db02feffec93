"""What the OpenAPI description of `/api/v1/webhooks/` says that code cannot: the ids, examples, and the answers
of each action. Pages of deliveries are described by the paginator."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view

from icp_portal.api.schema import ERROR_RESPONSES, answer, error_answer

from .serializers import (
    DeliverySerializer,
    RedeliveredSerializer,
    RedeliverSerializer,
    SecretSerializer,
    SubscriptionSerializer,
    SubscriptionWithSecretSerializer,
)

SUBSCRIPTION_EXAMPLE = {
    "id": 7,
    "target_url": "https://hooks.mayorsforpeace.example/icp",
    "events": ["city.approved", "city.status_changed"],
    "contact_email": "tech@mayorsforpeace.example",
    "is_active": True,
    "disabled_reason": "",
    "disabled_at": None,
    "previous_secret_expires_at": None,
    "created_at": "2026-02-01T10:00:00Z",
    "updated_at": "2026-02-01T10:00:00Z",
}
SECRET_EXAMPLE = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
DELIVERY_EXAMPLE = {
    "id": 1203,
    "webhook_id": "msg_5f1c0e9a7b3d4c2a9e8f6d1b0a3c5e7f",
    "event_type": "city.approved",
    "event_created_at": "2026-02-01T10:00:00Z",
    "status": "delivered",
    "attempts": 2,
    "next_attempt_at": "2026-02-01T10:00:31Z",
    "delivered_at": "2026-02-01T10:00:31Z",
    "log": [
        {
            "attempt": 2,
            "attempted_at": "2026-02-01T10:00:31Z",
            "status_code": 200,
            "duration_ms": 84,
            "response_excerpt": "ok",
            "error": "",
        },
        {
            "attempt": 1,
            "attempted_at": "2026-02-01T10:00:01Z",
            "status_code": 503,
            "duration_ms": 12,
            "response_excerpt": "Service Unavailable",
            "error": "",
        },
    ],
}

ID_PARAMETER = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description=_("The subscription's id."), examples=[OpenApiExample("7", value=7)]
)


BAD_INPUT = {
    (400, "application/json"): error_answer(
        _("Bad input (a field of the body, or a parameter such as `format`): each one's problems in `errors`"),
        {
            "detail": "Bad parameter. target_url: The target URL must be on a public address: 10.0.0.5 is private, "
            "loopback or link-local.",
            "errors": {
                "target_url": [
                    "The target URL must be on a public address: 10.0.0.5 is private, loopback or link-local."
                ]
            },
        },
    )
}
# Every operation may answer these: a bad parameter (`?format=`), no key, too many requests.
COMMON_ERRORS = {
    **BAD_INPUT,
    (401, "application/json"): error_answer(
        _("No key, or a wrong or revoked key"), {"detail": "Send your partner key as 'Authorization: Api-Key <key>'."}
    ),
    (429, "application/json"): ERROR_RESPONSES[(429, "application/json")],
}
NOT_YOURS = {
    (404, "application/json"): error_answer(
        _("No subscription of your organisation has this id"), {"detail": "No Subscription matches the given query."}
    )
}
SUBSCRIPTION_ANSWER = answer(SubscriptionSerializer, _("The subscription."), _("A subscription"), SUBSCRIPTION_EXAMPLE)

SUBSCRIPTION_SCHEMA = extend_schema_view(
    list=extend_schema(
        summary=_("Your webhook subscriptions"),
        description=_("The subscriptions of your organisation (made with any of its keys). Secrets are never listed."),
        responses={
            **answer(
                SubscriptionSerializer(many=True), _("A page of subscriptions."), _("A page"), [SUBSCRIPTION_EXAMPLE]
            ),
            **COMMON_ERRORS,
        },
    ),
    create=extend_schema(
        summary=_("Subscribe to events"),
        description=_(
            "Events of the chosen types are POSTed to `target_url`, signed as the Standard Webhooks "
            "specification says. The answer holds the signing `secret`: it is shown only this once."
        ),
        request=SubscriptionSerializer,
        examples=[
            OpenApiExample(
                _("New cities and their status"),
                request_only=True,
                value={
                    "target_url": "https://hooks.mayorsforpeace.example/icp",
                    "events": ["city.approved", "city.status_changed"],
                    "contact_email": "tech@mayorsforpeace.example",
                },
            )
        ],
        responses={
            (201, "application/json"): OpenApiResponse(
                SubscriptionWithSecretSerializer,
                description=_("Subscribed: keep the secret."),
                examples=[
                    OpenApiExample(_("A new subscription"), value={**SUBSCRIPTION_EXAMPLE, "secret": SECRET_EXAMPLE})
                ],
            ),
            **COMMON_ERRORS,
        },
    ),
    retrieve=extend_schema(
        summary=_("One of your subscriptions"),
        parameters=[ID_PARAMETER],
        responses={**SUBSCRIPTION_ANSWER, **COMMON_ERRORS, **NOT_YOURS},
    ),
    update=extend_schema(
        summary=_("Change a subscription"),
        description=_(
            "A new `target_url` is checked as at subscription. `is_active: false` stops deliveries (those "
            "owed wait; events from then on are not recorded for it); `true` resumes them, and a redelivery "
            "`since` the pause brings what happened meanwhile."
        ),
        parameters=[ID_PARAMETER],
        responses={**SUBSCRIPTION_ANSWER, **COMMON_ERRORS, **NOT_YOURS},
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of a subscription"),
        description=_("As a full change, with only the fields given."),
        parameters=[ID_PARAMETER],
        responses={**SUBSCRIPTION_ANSWER, **COMMON_ERRORS, **NOT_YOURS},
    ),
    destroy=extend_schema(
        summary=_("Unsubscribe"),
        description=_("The subscription and its log are deleted; nothing more is sent to it."),
        parameters=[ID_PARAMETER],
        responses={(204, "application/json"): OpenApiResponse(description=_("Deleted.")), **COMMON_ERRORS, **NOT_YOURS},
    ),
    rotate_secret=extend_schema(
        summary=_("Rotate the signing secret"),
        description=_(
            "A new secret signs from now on, shown only in this answer; the previous one signs too (a "
            "second `v1,` signature) until `previous_secret_expires_at`, so you can switch without missing a delivery."
        ),
        parameters=[ID_PARAMETER],
        request=None,
        responses={
            **answer(
                SecretSerializer,
                _("The new secret."),
                _("A new secret"),
                {"secret": SECRET_EXAMPLE, "previous_secret_expires_at": "2026-02-02T10:00:00Z"},
            ),
            **COMMON_ERRORS,
            **NOT_YOURS,
        },
    ),
    deliveries=extend_schema(
        summary=_("The delivery log of a subscription"),
        description=_(
            "Every event owed to the subscription, newest first, with each attempt: your answer's status, "
            "how long it took, and the start of its body."
        ),
        parameters=[ID_PARAMETER],
        responses={
            **answer(DeliverySerializer(many=True), _("A page of deliveries."), _("A page"), [DELIVERY_EXAMPLE]),
            **COMMON_ERRORS,
            **NOT_YOURS,
        },
    ),
    redeliver=extend_schema(
        summary=_("Send events again"),
        description=_(
            "One event (`webhook_id`) or every event since a time (`since`) of the types subscribed is sent "
            "again, in order per city, with its first webhook-id: drop what you have already seen."
        ),
        parameters=[ID_PARAMETER],
        request=RedeliverSerializer,
        examples=[
            OpenApiExample(
                _("One event"), request_only=True, value={"webhook_id": "msg_5f1c0e9a7b3d4c2a9e8f6d1b0a3c5e7f"}
            ),
            OpenApiExample(
                _("Everything since an outage began"), request_only=True, value={"since": "2026-02-01T08:00:00Z"}
            ),
        ],
        responses={
            (202, "application/json"): OpenApiResponse(
                RedeliveredSerializer,
                description=_("Queued again."),
                examples=[OpenApiExample(_("Queued again"), value={"redelivered": 12})],
            ),
            **COMMON_ERRORS,
            (404, "application/json"): error_answer(
                _("No such subscription of yours, or no event with this webhook-id of the types it listens to"),
                {"detail": "No Event matches the given query."},
            ),
        },
    ),
)
