"""The topic vocabulary in the Wagtail admin: editors curate topics and their domains."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Domain, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "domain", "slug"]
    list_filter = ["domain"]
    search_fields = ["name", "slug"]
    ordering = ["domain__sort_order", "sort_order", "name"]


class DomainViewSet(SnippetViewSet):
    model = Domain
    icon = "folder-open-inverse"
    menu_label = "Domains"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


class VocabularyViewSetGroup(SnippetViewSetGroup):
    menu_label = "Topics"
    menu_icon = "tag"
    menu_order = 240
    items = (TopicViewSet, DomainViewSet)


register_snippet(VocabularyViewSetGroup)
