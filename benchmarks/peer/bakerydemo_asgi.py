"""bakerydemo as an ASGI application, for Daphne in `benchmarks/http.py --peer`."""

from django.core.asgi import get_asgi_application

application = get_asgi_application()
