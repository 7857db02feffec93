"""Fixed vocabularies of the proclamations app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from icp_portal.pdf_uploads import DOCUMENT_MAX_BYTES  # noqa: F401 - where the proclamations' tests read it


class ProclamationKind(models.TextChoices):
    MAYORAL_PROCLAMATION = "mayoral_proclamation", _("Mayoral proclamation")
    COUNCIL_RESOLUTION = "council_resolution", _("Council resolution")
    DECLARATION = "declaration", _("Declaration")
    HISTORIC_DESIGNATION = "historic_designation", _("Historic designation")
