from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = "webinar registrations"

    def ready(self):
        from . import personal_data, signals  # noqa: F401 (signals; registers registrations)
