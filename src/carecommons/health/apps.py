from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "carecommons.health"
    label = "health"
    verbose_name = "Blood count companion"

    def ready(self) -> None:
        from carecommons.core import hooks
        from carecommons.health import services

        hooks.register("community.post_created", services.on_post_created)
        hooks.register("community.post_edited", services.on_post_edited)
