"""Requests that Django's admin would pass to the database unchecked."""

from django.core.exceptions import BadRequest
from django.urls import reverse

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
