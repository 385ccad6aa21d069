from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"

    def ready(self):
        # corpus connects the signals that keep the cached recommendation corpus fresh;
        # membership admits a partnership's members to its private page in every listing;
        # workshop_actions sends action items from its workshop room to its activity log.
        from . import corpus, membership, workshop_actions  # noqa: F401
