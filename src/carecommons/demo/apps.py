from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "carecommons.demo"
    label = "demo"
    verbose_name = "Demo community"
