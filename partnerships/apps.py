from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"

    def ready(self):
        # Connects the signals that keep the cached recommendation corpus fresh.
        from . import corpus  # noqa: F401
