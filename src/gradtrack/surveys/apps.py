from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "gradtrack.surveys"
    label = "surveys"
