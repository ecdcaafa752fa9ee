from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "carecommons.search"
    label = "search"
