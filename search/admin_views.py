"""Reports for editors: what people search for most, and what found nothing."""

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query

from core.exports import SafeSpreadsheetExportMixin

from .models import NoResultQuery


def can_see_search_reports(user):
    """Editors who may pin search results see what readers search for."""
    return user.is_active and (
        user.is_superuser
        or user.has_perm("wagtailsearchpromotions.add_searchpromotion")
        or user.has_perm("wagtailsearchpromotions.change_searchpromotion")
    )


class EditorReportMixin(SafeSpreadsheetExportMixin):
    """Editors only; exported cells escaped (they hold what anyone typed)."""

    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]

    def dispatch(self, request, *args, **kwargs):
        if not can_see_search_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PopularSearchesReportView(EditorReportMixin, ReportView):
    page_title = "Popular searches"
    index_url_name = "search_reports:popular"
    index_results_url_name = "search_reports:popular_results"
    default_ordering = "-total_hits"
    columns = [
        Column("query_string", label="Search", sort_key="query_string"),
        NumberColumn("total_hits", label="Searches", sort_key="total_hits"),
    ]
    list_export = ["query_string", "total_hits"]
    export_headings = {"query_string": "Search", "total_hits": "Searches"}

    def get_base_queryset(self):
        return (
            Query.objects.filter(daily_hits__isnull=False)
            .annotate(total_hits=Sum("daily_hits__hits"))
            .order_by("-total_hits", "query_string")
        )


class NoResultSearchesReportView(EditorReportMixin, ReportView):
    page_title = "Searches that found nothing"
    index_url_name = "search_reports:no_results"
    index_results_url_name = "search_reports:no_results_results"
    default_ordering = "-hits"
    columns = [
        Column("query_string", label="Search", sort_key="query_string"),
        NumberColumn("hits", label="Searches", sort_key="hits"),
        DateColumn("last_seen", label="Last searched", sort_key="last_seen"),
    ]
    list_export = ["query_string", "hits", "last_seen"]
    export_headings = {"query_string": "Search", "hits": "Searches", "last_seen": "Last searched"}

    def get_base_queryset(self):
        return NoResultQuery.objects.all()
