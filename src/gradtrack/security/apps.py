from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "gradtrack.security"
    label = "security"
    verbose_name = "安全与隐私"
