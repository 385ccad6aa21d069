from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Registration


class NoAddPolicy(ModelPermissionPolicy):
    """People register themselves (seats are counted by registrations.services); the admin
    lists, corrects and deletes registrations but adds none."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class RegistrationViewSet(SnippetViewSet):
    """Who registered for each webinar, with a seat or on the waiting list, for the
    editors who run webinars; exported as CSV or Excel for the speakers."""

    model = Registration
    icon = "group"
    menu_label = "Webinar registrations"
    add_to_admin_menu = True
    menu_order = 264
    list_display = ["name", "organisation", "city", "webinar", "status", "created"]
    list_filter = ["status", "webinar"]
    list_export = ["name", "organisation", "city", "email", "webinar", "status", "created"]
    export_filename = "webinar-registrations"
    search_fields = ["name", "organisation", "city", "email"]
    inspect_view_enabled = True
    # Seats and the waiting list change through registering and cancelling only.
    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        FieldPanel("city"),
        FieldPanel("email"),
    ]


register_permission_policy(Registration, NoAddPolicy(Registration))
register_snippet(RegistrationViewSet)
