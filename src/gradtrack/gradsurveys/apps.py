from django.apps import AppConfig


class GradSurveysConfig(AppConfig):
    name = "gradtrack.gradsurveys"
    label = "gradsurveys"
    verbose_name = "毕业生调查"
