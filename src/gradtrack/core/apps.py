from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gradtrack.core"
    label = "core"
    verbose_name = "基础设置"
