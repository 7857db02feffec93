"""Fixed vocabularies of the proclamations app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProclamationKind(models.TextChoices):
    MAYORAL_PROCLAMATION = "mayoral_proclamation", _("Mayoral proclamation")
    COUNCIL_RESOLUTION = "council_resolution", _("Council resolution")
    DECLARATION = "declaration", _("Declaration")
    HISTORIC_DESIGNATION = "historic_designation", _("Historic designation")


# Signed documents are scans or exports of a page or a few: 10 MB is generous and keeps storage bounded.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
