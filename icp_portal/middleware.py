"""Requests to Django's admin: those it would pass to the database unchecked, and staff without a second factor."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from .numbers import whole_number


def admin_input_guard(get_response):
    """Django's admin puts a list filter's value, the autocomplete's search term and the ids of the rows chosen
    for an action into its queries as they come: PostgreSQL refuses a NUL byte in text, and an id that is no
    number fails to convert. Only a tampered address or form sends either; it gets 400, not 500."""
    admin_prefix = reverse("admin:index")

    def middleware(request):
        if request.path.startswith(admin_prefix):
            if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
                raise BadRequest("A NUL character in the query string.")
            if request.method == "POST" and any(
                whole_number(chosen) is None for chosen in request.POST.getlist("_selected_action")
            ):
                raise BadRequest("A chosen row that is not an id.")
        return get_response(request)

    return middleware


# Recovery codes alone are no second factor: they come with an authenticator app (or a security key) and replace it.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def staff_second_factor_required(get_response):
    """Staff see what no one else may (applicants' documents, every member's record): a stolen password alone must
    not open admin. A staff account without an authenticator is sent to set one up, and admin stays closed to it
    until it has; signing out still works. settings.STAFF_REQUIRE_2FA (DJANGO_STAFF_REQUIRE_2FA) relaxes it."""
    admin_prefix = reverse("admin:index")
    admin_logout = reverse("admin:logout")

    def middleware(request):
        if (
            settings.STAFF_REQUIRE_2FA
            and request.path.startswith(admin_prefix)
            and request.path != admin_logout
            and request.user.is_authenticated
            and request.user.is_staff
            and not is_mfa_enabled(request.user, types=SECOND_FACTORS)
        ):
            messages.warning(
                request,
                gettext(
                    "Staff accounts need a second factor to open the admin: confirm your password if asked, then "
                    "set up an authenticator app."
                ),
            )
            return redirect("mfa_activate_totp")
        return get_response(request)

    return middleware
