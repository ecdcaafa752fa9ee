from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "carecommons.community"
    label = "community"
    verbose_name = "Community"
