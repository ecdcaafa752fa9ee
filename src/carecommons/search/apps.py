from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "carecommons.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from carecommons.core import hooks
        from carecommons.search.services import on_post_written

        # These run inside the transaction that writes the post: the index commits with it.
        for name in (
            "community.post_created",
            "community.post_edited",
            "community.post_visibility_changed",
            "community.discussion_changed",
        ):
            hooks.register(name, on_post_written)
