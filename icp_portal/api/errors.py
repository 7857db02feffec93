"""Errors of the partner API: the exception handler REST_FRAMEWORK names in settings, and the shape of an error."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


def exception_handler(exc, context):
    """Every error is `{"detail": "..."}`; a bad parameter also names each problem in `errors`."""
    # Imported here: DRF's views import the classes settings name, this module among them, while they load.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(response.data, dict | list) or "detail" in response.data:
        return response
    errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
    errors = {field: list(_messages(problems)) for field, problems in errors.items()}
    described = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
    response.data = {"detail": "Bad parameter. " + described, "errors": errors}
    return response


def _messages(problems) -> Iterator[str]:
    """Each message of a parameter's problems as text; a list's item is named by its place ("Item 2: ..."), a
    nested field by its name."""
    if isinstance(problems, dict):
        for key, nested in problems.items():
            place = f"Item {int(key) + 1}" if str(key).isdigit() else str(key)
            yield from (f"{place}: {message}" for message in _messages(nested))
    elif isinstance(problems, list):
        for problem in problems:
            yield from _messages(problem)
    else:
        yield str(problems)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in words."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("For a bad parameter: each parameter's problems."),
    )
