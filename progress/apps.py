from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Progress toward the goal"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the refresh on membership changes
