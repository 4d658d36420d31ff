from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gradtrack.accounts"
    label = "accounts"
