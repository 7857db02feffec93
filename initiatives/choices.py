"""Fixed vocabularies of the initiatives app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InitiativeCategory(models.TextChoices):
    YOUTH = "youth", _("Youth")
    DIALOGUE = "dialogue", _("Community dialogue")
    CONFLICT_RESOLUTION = "conflict_resolution", _("Conflict resolution and mediation")
    PEACE_EDUCATION = "peace_education", _("Peace education")
    ARTS_AND_CULTURE = "arts_and_culture", _("Arts and culture")
    INTERFAITH = "interfaith", _("Interfaith")
    ECONOMIC_DEVELOPMENT = "economic_development", _("Economic development")
    ENVIRONMENT = "environment", _("Environment and peace gardens")
    SAFETY = "safety", _("Community safety")
    OTHER = "other", _("Other")


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", pgettext_lazy("status of a peace initiative", "Active")
    COMPLETED = "completed", _("Completed")


class JointProjectKind(models.TextChoices):
    """What an initiative is to the network: its own work, or a City-to-City Alliance Agreement between cities."""

    INITIATIVE = "initiative", _("Peace initiative")
    ALLIANCE_AGREEMENT = "alliance_agreement", _("City-to-City Alliance Agreement")


class PartnershipStatus(models.TextChoices):
    """Where a partner city stands: invited by the organiser, then accepted or declined by the partner; an invitation
    withdrawn or an accepted partner removed by the organiser."""

    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", pgettext_lazy("a partner city that said no", "Declined")
    WITHDRAWN = "withdrawn", _("Invitation withdrawn")
    REMOVED = "removed", _("Removed")


# An invitation waiting for its answer, or a partner: at most one of these per initiative and city.
OPEN_PARTNERSHIP_STATUSES = [PartnershipStatus.INVITED, PartnershipStatus.ACCEPTED]
