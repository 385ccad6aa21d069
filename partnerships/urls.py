from django.urls import path

from . import consent_views, next_steps, views

urlpatterns = [
    path(
        "partnerships/introductions/new/",
        next_steps.request_introduction,
        name="request_introduction",
    ),
    path("partnerships/proposals/new/", next_steps.propose_partnership, name="propose_partnership"),
    path("partnerships/requests/sent/", next_steps.next_step_sent, name="next_step_sent"),
    path(
        "partnerships/proposals/<int:pk>/answer/",
        next_steps.answer_proposal,
        name="answer_proposal",
    ),
    path(
        "partnerships/introductions/<int:pk>/answer/",
        next_steps.answer_introduction,
        name="answer_introduction",
    ),
    path("partnerships/pairs/<int:pk>/consent/", consent_views.pair_consent, name="pair_consent"),
    path("search/partners/", views.partner_finder, name="partner_finder"),
    path(
        "api/recommendations/",
        views.described_recommendations_api,
        name="described_recommendations_api",
    ),
    path(
        "api/recommendations/<str:slug>/",
        views.recommendations_api,
        name="recommendations_api",
    ),
]
