"""The workspace in the Wagtail admin: facilitators edit the rows of the partnerships they
facilitate (programme managers, every one), and managers follow every partnership of a
programme on one overview with a CSV export."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from core.exports import safe_row

from . import membership, overview
from .models import (
    Meeting,
    Outcome,
    PartnershipModule,
    PartnershipPage,
    PlanAction,
    ProgrammePage,
    WorkspaceDocument,
)

WORKSPACE_MODELS = (PartnershipModule, Meeting, PlanAction, WorkspaceDocument, Outcome)


def partnerships_for(user):
    """The partnerships whose workspace the user edits in the admin."""
    partnerships = PartnershipPage.objects.all()
    if membership.is_manager(user):
        return partnerships
    return partnerships.filter(facilitators=user)


def may_change_in_admin(user, partnership):
    return membership.is_manager(user) or partnership.facilitators.filter(pk=user.pk).exists()


class WorkspaceAdminForm(WagtailAdminModelForm):
    """Offers a facilitator their own partnerships only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "partnership" in self.fields:
            self.fields["partnership"].queryset = partnerships_for(self.for_user).order_by("title")


class FacilitatedOnly:
    """An admin view of one workspace row: for its partnership's facilitators and managers."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not may_change_in_admin(self.request.user, instance.partnership):
            raise PermissionDenied
        return instance


class WorkspaceEditView(FacilitatedOnly, EditView):
    pass


class WorkspaceDeleteView(FacilitatedOnly, DeleteView):
    pass


class WorkspaceInspectView(FacilitatedOnly, InspectView):
    pass


class WorkspaceViewSet(SnippetViewSet):
    add_to_admin_menu = False
    list_filter = ["partnership"]
    edit_view_class = WorkspaceEditView
    delete_view_class = WorkspaceDeleteView
    inspect_view_class = WorkspaceInspectView

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(form_class.__name__, (WorkspaceAdminForm, form_class), {})

    def get_queryset(self, request):
        return (
            self.model._default_manager.filter(partnership__in=partnerships_for(request.user))
            .select_related("partnership")
            .order_by("partnership__title", "pk")
        )


class ModuleViewSet(WorkspaceViewSet):
    model = PartnershipModule
    icon = "tasks"
    menu_label = "Modules"
    list_display = ["module", "partnership", "status", "due_on"]
    list_filter = ["partnership", "status"]


class MeetingViewSet(WorkspaceViewSet):
    model = Meeting
    icon = "date"
    menu_label = "Meetings and site visits"
    list_display = ["title", "partnership", "kind", "starts_at"]
    list_filter = ["partnership", "kind"]


class PlanActionViewSet(WorkspaceViewSet):
    model = PlanAction
    icon = "list-ul"
    menu_label = "Replication Plan actions"
    list_display = ["title", "partnership", "owner_team", "due_on", "status"]
    list_filter = ["partnership", "status"]


class DocumentViewSet(WorkspaceViewSet):
    model = WorkspaceDocument
    icon = "doc-full"
    menu_label = "Workspace documents"
    list_display = ["title", "partnership", "added_at"]


class OutcomeViewSet(WorkspaceViewSet):
    model = Outcome
    icon = "pick"
    menu_label = "Outcomes"
    list_display = ["partnership", "metric", "period", "value"]
    list_filter = ["partnership", "metric"]


class WorkspaceGroup(SnippetViewSetGroup):
    menu_label = "Workspaces"
    menu_icon = "clipboard-list"
    menu_order = 249
    items = (ModuleViewSet, MeetingViewSet, PlanActionViewSet, DocumentViewSet, OutcomeViewSet)


# The managers' overview


def progress(request):
    """Every partnership of a programme: progress, next meeting, plan and what is late."""
    if not membership.is_manager(request.user):
        raise PermissionDenied
    programmes = list(ProgrammePage.objects.order_by("title"))
    chosen = next((p for p in programmes if str(p.pk) == request.GET.get("programme")), None)
    if chosen is None and programmes:
        chosen = next((p for p in programmes if p.get_children().exists()), programmes[0])
    rows = overview.rows_for(chosen) if chosen else []
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        name = f"partnerships-{chosen.slug if chosen else 'none'}-{stamp}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        writer = csv.writer(response)
        writer.writerow(safe_row(overview.CSV_HEADER))
        base = request.build_absolute_uri("/").rstrip("/")
        for values in overview.csv_rows(rows, base_url=base):
            writer.writerow(safe_row(values))
        return response
    return TemplateResponse(
        request,
        "partnerships/admin/progress.html",
        {
            "page_title": "Partnership progress",
            "header_icon": "clipboard-list",
            "programmes": programmes,
            "programme": chosen,
            "rows": rows,
            "late_total": sum(1 for row in rows if row.late_count),
        },
    )
