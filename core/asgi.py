"""The HTTP side of the ASGI application: one thread per process for Django's work."""

from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler


class OneThreadASGIHandler(ASGIHandler):
    """Django's ASGI handler, with the synchronous part of every request (middleware,
    view, templates) on one thread of the process instead of a new thread per request.

    The process has one interpreter lock, so threads rendering pages at once gain nothing
    but switching between them; on one thread each request is done sooner, and the
    thread's database connection is kept from one request to the next (CONN_MAX_AGE)
    instead of opened for each. One slow request holds up the others of its process, as
    in a WSGI worker: run a process per core (docs/deployment.md). The rooms' database
    work has threads of its own (workshops/consumers.py). Figures in docs/benchmarks.md.
    """

    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="http")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        async with ThreadSensitiveContext(executor=self.executor):
            await self.handle(scope, receive, send)
