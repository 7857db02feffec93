from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Commands for running the portal: database backups and restores."""

    name = "operations"
    verbose_name = "Operations"
