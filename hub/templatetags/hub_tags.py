from django import template

from hub.models import Topic

register = template.Library()


@register.simple_tag(takes_context=True)
def topics_for_slugs(context, slugs):
    """Topics for slugs stored in blocks; one query per request, however many blocks."""
    request = context.get("request")
    cache = getattr(request, "_topics_by_slug", None) if request is not None else None
    if cache is None:
        cache = {topic.slug: topic for topic in Topic.objects.only("slug", "name")}
        if request is not None:
            request._topics_by_slug = cache
    return [cache[slug] for slug in slugs or [] if slug in cache]
