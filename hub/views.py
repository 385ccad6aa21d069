from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from hub import suggest
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


def _error(message, status=400):
    return JsonResponse({"error": message}, status=status)


@require_GET
def topic_suggestions(request):
    """GET /api/topics/suggest/?text=…&limit=N: the topics a text is about, best first."""
    text = request.GET.get("text", "")
    if not text.strip():
        return _error("text must describe a challenge in a few words; it was empty.")
    raw_limit = request.GET.get("limit", str(suggest.DEFAULT_LIMIT))
    try:
        limit = int(raw_limit)
    except ValueError:
        limit = 0
    if not 1 <= limit <= suggest.MAX_LIMIT:
        return _error(
            f"limit must be a whole number from 1 to {suggest.MAX_LIMIT}; got {raw_limit!r}."
        )
    found = suggest.suggest_topics(text, limit)
    return JsonResponse({"topics": [suggestion.as_dict() for suggestion in found]})
