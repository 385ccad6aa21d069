from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import ApplicationsView, ConvertApplicationView, can_convert


@hooks.register("register_admin_urls")
def register_conversion_url():
    return [
        path(
            "applications/<int:submission_id>/convert/",
            ConvertApplicationView.as_view(),
            name="applications_convert",
        ),
        path("applications/", ApplicationsView.as_view(), name="applications_list"),
    ]


class ApplicationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_convert(request.user)


@hooks.register("register_admin_menu_item")
def register_applications_menu_item():
    return ApplicationsMenuItem(
        "Applications", reverse("applications_list"), icon_name="form", order=249
    )
