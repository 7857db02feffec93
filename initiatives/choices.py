"""Fixed vocabularies of the initiatives app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
