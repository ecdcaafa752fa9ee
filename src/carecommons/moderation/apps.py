from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "carecommons.moderation"
    label = "moderation"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from carecommons.core import hooks, ratelimit
        from carecommons.moderation import services, web

        request_started.connect(web.request_started, dispatch_uid="moderation.web.started")
        request_finished.connect(web.request_finished, dispatch_uid="moderation.web.finished")
        hooks.register("community.before_post", services.before_post)
        hooks.register("community.post_created", services.post_created)
        hooks.register("community.post_edited", services.post_edited)
        if services.rate_limit_override not in ratelimit.limit_overrides:
            ratelimit.limit_overrides.append(services.rate_limit_override)
