from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications to join a programme"

    def ready(self):
        from . import personal_data  # noqa: F401 (registers applications)
