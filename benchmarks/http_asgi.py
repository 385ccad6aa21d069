"""The site's ASGI application after a bare ASGI app at `/_bench/asgi/` (no Django at all):
the lowest floor of `benchmarks/http.py`, in the same Daphne process. Never used by the site."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.http_settings")

from config.asgi import application as site  # noqa: E402


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == "/_bench/asgi/":
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"2")],
            }
        )
        await send({"type": "http.response.body", "body": b"ok"})
        return
    await site(scope, receive, send)
