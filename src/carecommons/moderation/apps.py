from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "carecommons.moderation"
    label = "moderation"
