from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "carecommons.accounts"
    label = "accounts"
    verbose_name = "Members and roles"
