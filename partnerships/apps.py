from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"

    def ready(self):
        # corpus connects the signals that keep the cached recommendation corpus fresh;
        # membership admits a partnership's members to its private page in every listing.
        from . import corpus, membership  # noqa: F401
