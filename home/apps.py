from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"

    def ready(self):
        # Connects the signals that keep the cached navigation and footer current.
        from . import (
            chrome,  # noqa: F401
            personal_data,  # noqa: F401 (registers accounts and messages)
        )
