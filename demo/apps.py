from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The deterministic demo network (`seed_demo`, `bootstrap_demo`): it composes every app's rows, so it sits on
    top of them and nothing imports it. No models of its own."""

    name = "demo"
    verbose_name = _("Demo network")
