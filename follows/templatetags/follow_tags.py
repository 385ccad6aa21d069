from django import template
from django.utils.html import format_html

from follows import services
from follows.feeds import feed_url
from hub.models import Topic

register = template.Library()


def _name(target):
    return target.name if isinstance(target, Topic) else target.title


@register.simple_tag(takes_context=True)
def alternate_feed(context):
    """<link rel="alternate"> to the Atom feed of the page's topic, city or programme:
    `feed_target` from the view, else the page itself."""
    target = context.get("feed_target") or context.get("page")
    if target is None or not hasattr(target, "pk") or target.pk is None:
        return ""
    if not isinstance(target, Topic) and not hasattr(target, "specific"):
        return ""
    url = feed_url(target)
    if url is None:
        return ""
    return format_html(
        '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">',
        f"TwinHub: new on {_name(target)}",
        url,
    )


@register.inclusion_tag("components/follow_button.html", takes_context=True)
def follow_button(context, target):
    """Follow or stop following a topic, city or programme; a sign-in link for visitors."""
    request = context["request"]
    is_topic = isinstance(target, Topic)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "user": request.user,
        "kind": "topic" if is_topic else "page",
        "value": target.slug if is_topic else target.pk,
        "name": _name(target),
        "following": services.is_following(request.user, target),
        "feed_url": feed_url(target),
    }
