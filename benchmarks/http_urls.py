"""The site's URLs after one bare Django view, the floor of `benchmarks/http.py`: it runs
through the site's whole middleware stack and renders nothing."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("_bench/bare/", bare), *site_urlpatterns]
