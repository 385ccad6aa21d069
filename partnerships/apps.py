from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"

    def ready(self):
        # Connects the signals that keep the cached recommendation corpus fresh.
        from . import corpus  # noqa: F401
        # Action items from the partnership's workshop room go to its activity log.
        from . import workshop_actions  # noqa: F401
