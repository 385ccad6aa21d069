"""Atom feeds of what is new on a topic, a city or a programme (follows.news)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from core.links import absolute_url
from hub.models import CityProfilePage, Topic
from partnerships.models import ProgrammePage

from . import news

FEED_ITEMS = 20


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def items(self, target):
        return news.newest(news.about(target), FEED_ITEMS)

    def item_title(self, page):
        return page.title

    def item_description(self, page):
        return getattr(page, "summary", "") or page.search_description

    def item_link(self, page):
        return page.full_url or absolute_url(page.url or "/")

    def item_guid(self, page):
        return f"urn:twinhub:page:{page.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, page):
        return page.first_published_at

    def item_updateddate(self, page):
        return page.last_published_at or page.first_published_at


class TopicFeed(NewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"TwinHub: {topic.name}"

    def subtitle(self, topic):
        return f"New pages on {topic.name}: business cases, permitting guides, webinars and more."

    def link(self, topic):
        return f"{reverse('search:search')}?topic={topic.slug}"


class PageFeed(NewsFeed):
    model = None

    def get_object(self, request, slug):
        page = self.model.objects.live().public().filter(slug=slug).order_by("path").first()
        if page is None:
            raise Http404(f"No published {self.model._meta.verbose_name} has this address.")
        return page

    def title(self, page):
        return f"TwinHub: {page.title}"

    def subtitle(self, page):
        return page.summary or f"New on {page.title}."

    def link(self, page):
        return page.url


class CityFeed(PageFeed):
    model = CityProfilePage

    def subtitle(self, city):
        return f"New business cases and permitting guides from {city.title}."


class ProgrammeFeed(PageFeed):
    model = ProgrammePage

    def subtitle(self, programme):
        return f"New partnerships and cities in {programme.title}."


def feed_url(target):
    """The address of the Atom feed of a topic, a city or a programme; None for other pages."""
    if isinstance(target, Topic):
        return reverse("feeds:topic", args=[target.slug])
    specific = target.specific
    if isinstance(specific, CityProfilePage):
        return reverse("feeds:city", args=[specific.slug])
    if isinstance(specific, ProgrammePage):
        return reverse("feeds:programme", args=[specific.slug])
    return None
