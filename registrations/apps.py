from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = "webinar registrations"

    def ready(self):
        from . import signals  # noqa: F401
