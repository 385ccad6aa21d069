from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks

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


@register.simple_tag(takes_context=True)
def city_page_sections(context, city, hook="city_page_sections"):
    """The sections other apps add to a city page, through a hook: `city_page_sections`
    (programmes, partnerships...) or `city_page_contact` (ways to write to the city).

    Each hook takes the request and the city and returns HTML; the hub needs to know
    nothing of the apps that build on it.
    """
    request = context.get("request")
    return mark_safe(  # noqa: S308 (each part is escaped unless already safe)
        "".join(conditional_escape(section(request, city)) for section in hooks.get_hooks(hook))
    )
