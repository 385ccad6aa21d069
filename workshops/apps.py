from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = "Live workshop rooms"

    def ready(self):
        from . import personal_data, signals  # noqa: F401 (registers, connects the receivers)
