from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _start_tick(sender: Any, **kwargs: Any) -> None:
    from carecommons.notifications.tasks import ensure_tick

    ensure_tick()


class NotificationsConfig(AppConfig):
    name = "carecommons.notifications"
    label = "notifications"

    def ready(self) -> None:
        from carecommons.core import hooks
        from carecommons.notifications import services

        hooks.register("community.post_created", services.on_post_created)
        hooks.register("community.post_visibility_changed", services.on_post_visibility_changed)
        hooks.register("community.render_post", services.link_post_mentions)
        # After `migrate` the worker's tick chain is started, so digests go out on schedule
        # even on a site where nobody has posted since the last restart.
        post_migrate.connect(_start_tick, sender=self)
