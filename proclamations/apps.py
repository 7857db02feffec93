from django.apps import AppConfig


class ProclamationsConfig(AppConfig):
    name = "proclamations"
    verbose_name = "Proclamations"
