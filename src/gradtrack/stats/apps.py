from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "gradtrack.stats"
    label = "stats"
