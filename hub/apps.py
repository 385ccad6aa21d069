from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Knowledge hub"

    def ready(self):
        from . import suggest  # noqa: F401 (connects the signals that keep it current)
