from django.urls import path

from . import views

urlpatterns = [
    path("search/partners/", views.partner_finder, name="partner_finder"),
    path(
        "api/recommendations/<str:slug>/",
        views.recommendations_api,
        name="recommendations_api",
    ),
]
