from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProclamationsConfig(AppConfig):
    name = "proclamations"
    verbose_name = _("Proclamations")
