from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseForbidden
from django.template.loader import render_to_string
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import membership, workspace, workspace_admin
from .admin_views import round_matches
from .models import IntroductionRequest, MatchingRound, PartnershipPage, PartnershipProposal
from .next_steps import inbox_section


class MatchingRoundViewSet(SnippetViewSet):
    model = MatchingRound
    icon = "group"
    menu_label = "Matching rounds"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "programme", "kind", "created_at", "matches_link"]
    list_filter = ["programme", "kind"]


register_snippet(MatchingRoundViewSet)


@hooks.register("register_admin_urls")
def register_round_urls():
    return [
        path(
            "matching-rounds/<int:pk>/matches/",
            round_matches,
            name="partnerships_round_matches",
        ),
        path(
            "partnership-progress/",
            workspace_admin.progress,
            name="partnerships_progress",
        ),
    ]


# The workspace in the admin

register_snippet(workspace_admin.WorkspaceGroup)


class ManagersMenuItem(MenuItem):
    def is_shown(self, request):
        return membership.is_manager(request.user)


@hooks.register("register_admin_menu_item")
def register_progress_menu_item():
    return ManagersMenuItem(
        "Partnership progress",
        reverse("partnerships_progress"),
        icon_name="clipboard-list",
        order=248,
    )


def _log_admin_change(created):
    def hook(request, instance):
        if isinstance(instance, workspace_admin.WORKSPACE_MODELS):
            workspace.changed(instance, request.user, created)

    return hook


hooks.register("after_create_snippet", _log_admin_change(True))
hooks.register("after_edit_snippet", _log_admin_change(False))


@hooks.register("before_delete_snippet")
def log_admin_removal(request, instances):
    if request.method == "POST":
        for instance in instances:
            if isinstance(instance, workspace_admin.WORKSPACE_MODELS):
                workspace.removed(instance, request.user)


@hooks.register("before_serve_document")
def keep_workspace_documents_private(document, request):
    """A file shared in a workspace is for those who may open that workspace."""
    partnerships = PartnershipPage.objects.filter(documents__document=document).distinct()
    if not partnerships:
        return None
    if any(membership.may_open_workspace(request.user, p) for p in partnerships):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return HttpResponseForbidden("This document belongs to a partnership's workspace.")


@hooks.register("on_serve_page", order=-100)
def admit_partnership_members(serve_next):
    """A private partnership page (one with a view restriction) opens for its members
    and the programme managers, whatever the restriction says; everyone else meets it."""

    def serve(page, request, args, kwargs):
        if (
            isinstance(page, PartnershipPage)
            and request.user.is_authenticated
            and page.get_view_restrictions().exists()
            and membership.may_open_workspace(request.user, page)
        ):
            return page.serve(request, *args, **kwargs)
        return serve_next(page, request, args, kwargs)

    return serve


@hooks.register("city_page_sections")
def city_partnership_sections(request, city):
    """A city page's programmes, partnerships and recommended partners."""
    return render_to_string(
        "partnerships/includes/city_section.html", {"page": city, "request": request}
    )


@hooks.register("city_map_links")
def city_map_partnership_links(request, city_ids):
    """Pairs of partners, for the hub's map: every live partnership the visitor may open
    with a member among `city_ids`, as (city, city, label) for each two of its members."""
    from itertools import combinations

    from core import visibility

    from .models import PartnershipMember

    pages = PartnershipMember.objects.filter(city_id__in=city_ids).values("page_id")
    members = visibility.visible(
        PartnershipMember.objects.filter(page_id__in=pages, page__live=True),
        request,
        "page__path",
    ).values_list("page_id", "city_id", "page__title")
    by_page = {}
    for page_id, city_id, title in members.order_by("page_id", "sort_order", "pk"):
        by_page.setdefault(page_id, (title, []))[1].append(city_id)
    return [
        (a, b, title)
        for title, cities in by_page.values()
        for a, b in combinations(dict.fromkeys(cities), 2)
    ]


@hooks.register("city_map_programmes")
def city_map_programmes(request, city_ids):
    """The live programmes each of `city_ids` takes part in, for the hub's map."""
    from core import visibility

    from .models import ProgrammePage

    through = ProgrammePage.member_cities.through
    rows = visibility.visible(
        through.objects.filter(cityprofilepage_id__in=city_ids, programmepage__live=True),
        request,
        "programmepage__path",
    ).values_list("cityprofilepage_id", "programmepage__title")
    found = {}
    for city_id, title in rows:
        found.setdefault(city_id, []).append(title)
    return found


@hooks.register("city_inbox_sections", order=-1)
def city_workspaces(request, city):
    """The partnerships a city's staff work in, with their workspaces, first on the page."""
    return render_to_string(
        "partnerships/includes/city_workspaces.html",
        {"city": city, "partnerships": workspace.partnerships_of_city(city)},
    )


@hooks.register("city_inbox_sections")
def city_inbox_requests(request, city):
    """Proposals and introductions, on the page where a city's staff answer requests."""
    return inbox_section(request, city)


class PartnershipProposalViewSet(SnippetViewSet):
    """Programme managers follow every proposal; the cities' staff answer them."""

    model = PartnershipProposal
    icon = "group"
    menu_label = "Partnership proposals"
    add_to_admin_menu = True
    menu_order = 251
    list_display = ["from_city", "to_city", "programme", "kind", "status", "created"]
    list_filter = ["status", "programme", "kind"]
    inspect_view_enabled = True


class IntroductionRequestViewSet(SnippetViewSet):
    model = IntroductionRequest
    icon = "mail"
    menu_label = "Introduction requests"
    add_to_admin_menu = True
    menu_order = 252
    list_display = ["to_city", "programme", "from_city", "status", "created"]
    list_filter = ["status", "programme"]
    inspect_view_enabled = True


register_snippet(PartnershipProposalViewSet)
register_snippet(IntroductionRequestViewSet)
