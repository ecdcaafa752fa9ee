from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "carecommons.messaging"
    label = "messaging"
