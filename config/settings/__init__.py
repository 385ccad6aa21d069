from django.core.exceptions import ImproperlyConfigured


class MissingEnvironmentVariable(ImproperlyConfigured):
    """A variable the settings need is not set; manage.py reports it without a traceback."""
