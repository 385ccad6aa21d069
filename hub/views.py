from django.http import HttpResponse

from hub.calendar import webinars_calendar
from hub.models import WebinarPage


def webinar_feed(request):
    """Every published webinar as one iCalendar feed, for calendar subscriptions."""
    webinars = WebinarPage.objects.live().defer_streamfields().order_by("start")
    response = HttpResponse(webinars_calendar(webinars, request), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="twinhub-webinars.ics"'
    return response
