"""Absolute addresses for links that leave the site: emails, feeds, calendar files."""

from django.conf import settings
from wagtail.models import Site


def absolute_url(path, request=None):
    """`path` on this site: the request's host when there is one, else the default site's
    address (what a management command sending email has), else WAGTAILADMIN_BASE_URL."""
    if request is not None:
        return request.build_absolute_uri(path)
    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return f"{base.rstrip('/')}{path}"
