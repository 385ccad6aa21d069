from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"

    def ready(self):
        # Signals: the cached recommendation corpus stays fresh, and action items from a
        # partnership's workshop room go to its activity log.
        from . import corpus, workshop_actions  # noqa: F401
