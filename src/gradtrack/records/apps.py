from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "gradtrack.records"
    label = "records"
