from django.template.loader import render_to_string
from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.admin_views import city_staff
from home.dashboard import CityPublisherPanel, EditorDashboardPanel
from home.models import CityMessage, Person
from home.roles import EDITORS


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    user = request.user
    if user.is_superuser or user.groups.filter(name=EDITORS).exists():
        panels.append(EditorDashboardPanel())
    elif CityPublisherPanel.cities_of(user).exists():
        panels.append(CityPublisherPanel(user))


@hooks.register("register_admin_urls")
def register_people_urls():
    return [path("cities/<int:city_id>/staff/", city_staff, name="home_city_staff")]


class PersonViewSet(SnippetViewSet):
    """Editors see everyone's display name, organisation and city; who is a city's
    staff is decided on that city's staff screen."""

    model = Person
    icon = "user"
    menu_label = "People"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["display_name", "organisation", "city", "city_status", "staff_link"]
    list_filter = ["city_status", "city"]
    search_fields = ["display_name", "organisation"]
    # The city and its status are decided on the city's staff screen.
    panels = [FieldPanel("display_name"), FieldPanel("organisation"), FieldPanel("role")]


register_snippet(PersonViewSet)


class CityMessageViewSet(SnippetViewSet):
    """Messages sent to cities, for the programme managers who answer while a city has no
    staff: each links to the city's page of requests, where answers are written."""

    model = CityMessage
    icon = "mail"
    menu_label = "Messages to cities"
    add_to_admin_menu = True
    menu_order = 262
    list_display = ["subject", "city", "sender_name", "delivered_to", "created", "inbox_link"]
    list_filter = ["delivered_to", "city"]
    search_fields = ["subject", "sender_name"]
    inspect_view_enabled = True


register_snippet(CityMessageViewSet)


@hooks.register("city_page_contact")
def city_contact_link(request, city):
    """Every city page links to its "write to this city" form, which reaches the city's
    staff without showing their addresses."""
    return render_to_string(
        "home/includes/city_contact_section.html", {"city": city}, request=request
    )
