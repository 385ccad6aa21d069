from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "TwinHub core"

    def ready(self):
        from . import visibility

        visibility.register_signal_handlers()
