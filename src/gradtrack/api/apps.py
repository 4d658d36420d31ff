from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gradtrack.api"
    label = "api"
