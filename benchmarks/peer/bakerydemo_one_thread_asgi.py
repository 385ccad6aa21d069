"""bakerydemo served as TwinHub serves itself: every request's Django work on one thread
of the process (core.asgi.OneThreadASGIHandler), for `benchmarks/http.py --peer`."""

import django

django.setup(set_prefix=False)

from core.asgi import OneThreadASGIHandler  # noqa: E402

application = OneThreadASGIHandler()
