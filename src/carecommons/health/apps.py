from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "carecommons.health"
    label = "health"
