"""The partner's webhooks: `/api/v1/webhooks/`, with the partner's key. A partner sees and changes only the
subscriptions of its own organisation; every change goes through webhooks/services.py."""

import uuid

from django.core.exceptions import RequestDataTooBig
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from icp_portal.api.renderers import ORJSONRenderer
from partners.models import PartnerKey

from ..models import Delivery, DeliveryAttempt, Event, Subscription
from ..services import (
    WebhookTargetRefused,
    event_redeliver,
    events_redeliver_since,
    subscription_create,
    subscription_disable,
    subscription_enable,
    subscription_secret_rotate,
    subscription_update,
)
from .parsers import ORJSONParser
from .schema import SUBSCRIPTION_SCHEMA
from .serializers import (
    DeliverySerializer,
    RedeliveredSerializer,
    RedeliverSerializer,
    SecretSerializer,
    SubscriptionSerializer,
    SubscriptionWithSecretSerializer,
)


class HasPartnerKey(permissions.BasePermission):
    """Webhooks belong to a partner: without a key, 401 (the key's authentication names the scheme)."""

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, PartnerKey):
            raise exceptions.NotAuthenticated("Send your partner key as 'Authorization: Api-Key <key>'.")
        return True


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "body_too_large"


def refused_as_bad_parameter(field: str, error: Exception) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: [str(error)]})


@SUBSCRIPTION_SCHEMA
class SubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    __doc__ = gettext_lazy("Subscriptions of the key's organisation (whichever of its keys created them).")

    serializer_class = SubscriptionSerializer
    permission_classes = [HasPartnerKey]
    renderer_classes = [ORJSONRenderer]
    parser_classes = [ORJSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Subscription.objects.none()
        return (
            Subscription.objects.filter(partner_key__organisation=self.request.auth.organisation)
            .select_related("partner_key")
            .order_by("created_at", "id")
        )

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        try:
            subscription, secret = subscription_create(
                partner_key=self.request.auth,
                target_url=data["target_url"],
                events=data["events"],
                contact_email=data["contact_email"],
            )
        except WebhookTargetRefused as refused:
            raise refused_as_bad_parameter("target_url", refused) from refused
        if data.get("is_active") is False:
            subscription = subscription_disable(subscription=subscription, reason=_("Disabled by the partner."))
        serializer.instance = subscription
        serializer.context["secret"] = secret

    def create(self, request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        answer = SubscriptionWithSecretSerializer(serializer.instance, context=serializer.context)
        return Response(answer.data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer) -> None:
        data = serializer.validated_data
        subscription = serializer.instance
        try:
            subscription = subscription_update(
                subscription=subscription,
                target_url=data.get("target_url"),
                events=data.get("events"),
                contact_email=data.get("contact_email"),
            )
            if data.get("is_active") is False and subscription.is_active:
                subscription = subscription_disable(subscription=subscription, reason=_("Disabled by the partner."))
            elif data.get("is_active") is True and not subscription.is_active:
                subscription = subscription_enable(subscription=subscription)
        except WebhookTargetRefused as refused:
            raise refused_as_bad_parameter("target_url", refused) from refused
        serializer.instance = subscription

    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, **kwargs) -> Response:
        subscription = self.get_object()
        secret = subscription_secret_rotate(subscription=subscription)
        subscription.refresh_from_db()
        answer = {"secret": secret, "previous_secret_expires_at": subscription.previous_secret_expires_at}
        return Response(SecretSerializer(answer).data)

    @action(detail=True, methods=["get"])
    def deliveries(self, request, **kwargs) -> Response:
        subscription = self.get_object()
        deliveries = (
            Delivery.objects.filter(subscription=subscription)
            .select_related("event")
            .prefetch_related(Prefetch("log", queryset=DeliveryAttempt.objects.order_by("-number")))
            .order_by("-event_id")
        )
        page = self.paginate_queryset(deliveries)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @action(detail=True, methods=["post"])
    def redeliver(self, request, **kwargs) -> Response:
        subscription = self.get_object()
        wanted = RedeliverSerializer(data=request.data)
        wanted.is_valid(raise_exception=True)
        if "since" in wanted.validated_data:
            count = events_redeliver_since(subscription=subscription, since=wanted.validated_data["since"])
        else:
            uid = uuid.UUID(wanted.validated_data["webhook_id"].removeprefix("msg_"))
            # Only an event of a type the subscription listens to: the webhook-id of any other is not the partner's.
            event = get_object_or_404(Event, uid=uid, type__in=subscription.events)
            event_redeliver(subscription=subscription, event=event)
            count = 1
        return Response(RedeliveredSerializer({"redelivered": count}).data, status=status.HTTP_202_ACCEPTED)

    def handle_exception(self, exc):
        # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE when DRF reads it: a JSON answer, like every error.
        if isinstance(exc, RequestDataTooBig):
            exc = BodyTooLarge()
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Secrets and the partner's own log: never kept by a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response
