from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "gradtrack.imports"
    label = "imports"
