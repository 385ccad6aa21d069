from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path("autocomplete/", views.autocomplete, name="autocomplete"),
]

# Included from config/urls.py at /api/search/, beside the Wagtail API.
api_urlpatterns = [
    path("", views.api_search, name="api_search"),
]
