from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "gradtrack.tracking"
    label = "tracking"
