from django.urls import path

from . import views

app_name = "follows"

urlpatterns = [
    path("", views.index, name="index"),
    path("toggle/", views.toggle, name="toggle"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
