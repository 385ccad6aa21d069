from django.http import HttpResponse

from hub.calendar import webinars_calendar
from hub.models import WebinarPage


def webinar_feed(request):
    """Every published webinar the visitor may open, as one iCalendar feed.

    Calendar applications subscribe without a session, so they get the public ones.
    """
    webinars = WebinarPage.objects.listable(request).defer_streamfields().order_by("start")
    response = HttpResponse(webinars_calendar(webinars, request), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="twinhub-webinars.ics"'
    return response
