"""The principles a community agrees to when it applies: the page at /principles/ and the link to it."""

from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

# Help text of the application's agreement checkbox: the principles one click away, in the reader's language.
PRINCIPLES_HELP_TEXT = format_lazy(
    '<a href="{}">{}</a>', reverse_lazy("principles"), gettext_lazy("Read the principles you agree to")
)
