from django.urls import path

from .feeds import CityFeed, ProgrammeFeed, TopicFeed

app_name = "feeds"

urlpatterns = [
    path("topics/<slug:slug>.atom", TopicFeed(), name="topic"),
    path("cities/<slug:slug>.atom", CityFeed(), name="city"),
    path("programmes/<slug:slug>.atom", ProgrammeFeed(), name="programme"),
]
