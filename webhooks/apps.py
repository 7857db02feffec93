from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        # The apps below send signals when something a partner may want happens; webhooks records them as events.
        from . import receivers  # noqa: F401
