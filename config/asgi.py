"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

# Django must be set up before anything imports models (the consumers do).
django.setup(set_prefix=False)

from core.asgi import OneThreadASGIHandler  # noqa: E402

django_asgi_app = OneThreadASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from workshops.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# Django, Wagtail and the routing above leave a large heap of long-lived objects; every
# full garbage collection walked them all, stalling the event loop and so every room's
# deliveries (figures in docs/benchmarks.md). Frozen, they are left out of collections.
gc.freeze()
