from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications to join a programme"

    def ready(self):
        from partnerships.rounds import provide_call_rounds

        from . import personal_data  # noqa: F401 (registers applications)
        from .calls import round_from_programme

        provide_call_rounds(round_from_programme)
