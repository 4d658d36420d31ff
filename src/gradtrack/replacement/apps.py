from django.apps import AppConfig


class ReplacementConfig(AppConfig):
    name = "gradtrack.replacement"
    label = "replacement"
