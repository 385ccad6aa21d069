from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"

    def ready(self):
        from . import modelsearch_internals  # noqa: F401 -- registers its system check
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
