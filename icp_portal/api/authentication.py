"""`Authorization: Api-Key <key>` for the partner API (named by REST_FRAMEWORK in settings)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.settings import api_settings

from partners.services import partner_key_find, partner_key_mark_used

API_KEY_SCHEME = b"api-key"


class PartnerKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <key>`. No header: anonymous, at the lower rate. A wrong or revoked key: 401."""

    def authenticate(self, request) -> tuple | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != API_KEY_SCHEME:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the key as 'Authorization: Api-Key <key>'.")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("Invalid API key.") from error
        partner_key = partner_key_find(key)
        if partner_key is None:
            raise exceptions.AuthenticationFailed("Invalid API key.")
        if not partner_key.is_active:
            raise exceptions.AuthenticationFailed("This API key was revoked.")
        partner_key_mark_used(partner_key=partner_key)
        return (api_settings.UNAUTHENTICATED_USER(), partner_key)

    def authenticate_header(self, request) -> str:
        return 'Api-Key realm="api"'


class PartnerKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "PartnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _(
                "A partner key, sent as `Authorization: Api-Key <key>`. Without it, the lower anonymous rate applies."
            ),
        }
