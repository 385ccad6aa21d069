from django.http import HttpResponse, JsonResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from hub import suggest
from hub.calendar import webinars_calendar
from hub.models import Topic, WebinarPage


def webinar_feed(request):
    """Every published webinar the visitor may open, as one iCalendar feed;
    `?topic=<slug>` (repeatable) keeps the webinars on any of those topics.

    Calendar applications subscribe without a session, so they get the public ones.
    """
    webinars = WebinarPage.objects.listable(request).defer_streamfields().order_by("start")
    name = "TwinHub webinars"
    slugs = [slug for slug in request.GET.getlist("topic") if slug]
    if slugs:
        topics = list(Topic.objects.filter(slug__in=slugs).order_by("name"))
        unknown = sorted(set(slugs) - {topic.slug for topic in topics})
        if unknown:
            return HttpResponse(
                f"Unknown topic: {', '.join(unknown)}. Topics are named by their slug, as in "
                "/webinars/feed.ics?topic=permitting.",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        webinars = webinars.filter(topic_items__tag__in=topics).distinct()
        name = f"TwinHub webinars: {', '.join(topic.name for topic in topics)}"
    response = HttpResponse(
        webinars_calendar(webinars, request, name=name), content_type="text/calendar"
    )
    filename = "twinhub-webinars" + "".join(f"-{slugify(slug)}" for slug in sorted(slugs))
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
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
