from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "carecommons.registry"
    label = "registry"
