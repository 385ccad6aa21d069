from django.urls import path
from wagtail import hooks

from .admin_views import ConvertApplicationView


@hooks.register("register_admin_urls")
def register_conversion_url():
    return [
        path(
            "applications/<int:submission_id>/convert/",
            ConvertApplicationView.as_view(),
            name="applications_convert",
        )
    ]
