"""Errors of the partner API: the exception handler REST_FRAMEWORK names in settings, and the shape of an error."""

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
    problems = []
    for field, messages in errors.items():
        messages = messages if isinstance(messages, list) else [messages]
        problems.append(f"{field}: {' '.join(str(message) for message in messages)}")
    response.data = {"detail": "Bad parameter. " + "; ".join(problems), "errors": errors}
    return response


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in words."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("For a bad parameter: each parameter's problems."),
    )
