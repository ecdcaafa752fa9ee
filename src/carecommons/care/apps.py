from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "carecommons.care"
    label = "care"
