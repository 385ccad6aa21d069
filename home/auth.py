"""The authentication backend that counts failed sign-ins (django-axes)."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for every sign-in that comes with a request: the site's
    and the Wagtail admin's sign-in forms, and anything else that authenticates a visitor.
    It signs nobody in itself: `ModelBackend`, next in `AUTHENTICATION_BACKENDS`, does.

    `authenticate()` without a request (the test client's `login()`, a shell) has no
    visitor to count; axes would raise instead, so it is passed on to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)

    def get_user(self, user_id):
        # Sessions started for the first backend of the list (Wagtail's page test
        # helpers, `force_login` with it) load their user as ModelBackend does.
        return ModelBackend().get_user(user_id)
