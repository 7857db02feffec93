from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Progress toward the goal")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the refresh on membership changes
