from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # The apps below send signals when something a partner may want happens; webhooks records them as events.
        from . import receivers  # noqa: F401
