from django.template.loader import render_to_string
from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import round_matches
from .models import IntroductionRequest, MatchingRound, PartnershipProposal
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
        )
    ]


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
