from wagtail import hooks

from home.dashboard import CityPublisherPanel, EditorDashboardPanel
from home.roles import EDITORS


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    user = request.user
    if user.is_superuser or user.groups.filter(name=EDITORS).exists():
        panels.append(EditorDashboardPanel())
    elif CityPublisherPanel.cities_of(user).exists():
        panels.append(CityPublisherPanel(user))
