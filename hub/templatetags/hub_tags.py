from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks

from hub.models.topics import topics_by_slug

register = template.Library()


@register.simple_tag
def topics_for_slugs(slugs):
    """Topics for slugs stored in blocks, from the process's copy of the vocabulary."""
    known = topics_by_slug()
    return [known[slug] for slug in slugs or [] if slug in known]


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
