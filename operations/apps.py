from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Commands for running the portal: database backups and restores."""

    name = "operations"
    verbose_name = _("Operations")
