from django.urls import path

from . import views

urlpatterns = [
    path("webinars/feed.ics", views.webinar_feed, name="webinar_feed"),
    path("api/topics/suggest/", views.topic_suggestions, name="topic_suggestions"),
]
