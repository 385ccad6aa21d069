from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = "Live workshop rooms"

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
