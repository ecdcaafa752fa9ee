from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "carecommons.notifications"
    label = "notifications"
