"""The site's main navigation and footer (see home/chrome.py)."""

from django import template

from home.chrome import current_link, site_chrome

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    if request is None:
        return {"links": []}
    links = site_chrome(request).links
    current = current_link(links, request.path)
    return {
        "links": [{"label": label, "url": url, "current": url == current} for label, url in links]
    }


@register.inclusion_tag("components/site_footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    return {"chrome": site_chrome(request) if request is not None else None}


@register.simple_tag(takes_context=True)
def site_home_url(context):
    request = context.get("request")
    return site_chrome(request).home_url if request is not None else "/"


@register.simple_tag(takes_context=True)
def site_tagline(context):
    request = context.get("request")
    return site_chrome(request).tagline if request is not None else ""
