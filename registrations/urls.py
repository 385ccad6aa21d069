from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("webinar/<int:webinar_id>/", views.register, name="register"),
    path("<str:token>/", views.manage, name="manage"),
]
