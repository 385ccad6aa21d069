from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import (
    NoResultSearchesReportView,
    PopularSearchesReportView,
    can_see_search_reports,
)

report_urls = (
    [
        path("popular/", PopularSearchesReportView.as_view(), name="popular"),
        path(
            "popular/results/",
            PopularSearchesReportView.as_view(results_only=True),
            name="popular_results",
        ),
        path("no-results/", NoResultSearchesReportView.as_view(), name="no_results"),
        path(
            "no-results/results/",
            NoResultSearchesReportView.as_view(results_only=True),
            name="no_results_results",
        ),
    ],
    "search_reports",
)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [path("reports/searches/", include(report_urls))]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_search_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_popular_searches_menu_item():
    return SearchReportMenuItem(
        "Popular searches", reverse("search_reports:popular"), icon_name="search", order=1310
    )


@hooks.register("register_reports_menu_item")
def register_no_result_searches_menu_item():
    return SearchReportMenuItem(
        "Searches that found nothing",
        reverse("search_reports:no_results"),
        icon_name="search",
        order=1320,
    )
