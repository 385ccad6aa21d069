from wagtail import hooks

from home.dashboard import EditorDashboardPanel
from home.roles import EDITORS


@hooks.register("construct_homepage_panels")
def add_editor_dashboard_panel(request, panels):
    user = request.user
    if user.is_superuser or user.groups.filter(name=EDITORS).exists():
        panels.append(EditorDashboardPanel())
