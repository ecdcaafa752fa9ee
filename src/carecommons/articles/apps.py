from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "carecommons.articles"
    label = "articles"
