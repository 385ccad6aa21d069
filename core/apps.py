from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "TwinHub core"

    def ready(self):
        from . import page_cache, site_roots, visibility

        visibility.register_signal_handlers()
        page_cache.register_signal_handlers()
        site_roots.install()
