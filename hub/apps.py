from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Knowledge hub"

    def ready(self):
        from . import filters, suggest  # noqa: F401 (suggest connects its signals on import)

        filters.register_signal_handlers()
