from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "carecommons.articles"
    label = "articles"

    def ready(self) -> None:
        from carecommons.articles import services
        from carecommons.core import hooks

        hooks.register("search.rebuild", services.reindex_published)
