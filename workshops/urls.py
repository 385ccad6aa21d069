from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("workshops/<slug:slug>/", views.room, name="room"),
    path("workshops/<slug:slug>/transcript/", views.transcript, name="transcript"),
    path("workshops/<slug:slug>/record/", views.record, name="record"),
]
