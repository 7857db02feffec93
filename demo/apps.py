from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The deterministic demo network (`seed_demo`, `bootstrap_demo`): it composes every app's rows, so it sits on
    top of them and nothing imports it. No models of its own."""

    name = "demo"
    verbose_name = "Demo network"
