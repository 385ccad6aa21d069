"""What the search page offers when a query found nothing: a spelling that finds
something with the same filters, and topics close to the words."""

import difflib
from dataclasses import replace

from django.core.cache import cache
from wagtail.models import Page

from core.text import WORD, fold

from .catalogue import catalogue_state, load_catalogue, searchable_models
from .query import HubSearch
from .synonyms import topic_terms


def suggestions(hub_search):
    """{"topics": [Topic], "spelling": str or None} for a search that found nothing."""
    words = hub_search.words
    if not words:
        return {"topics": [], "spelling": None}
    vocabulary = spelling_vocabulary()
    corrected = []
    for word in words:
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        corrected.append(close[0] if close else word)
    spelling = " ".join(corrected) if corrected != list(words) else None
    if spelling and HubSearch(replace(hub_search.options, query=spelling)).count() == 0:
        spelling = None

    topics = []
    for terms in hub_search.topic_terms:
        phrase_words = {w for phrase in terms.phrases for w in phrase.split()}
        if any(difflib.get_close_matches(word, phrase_words, n=1, cutoff=0.75) for word in words):
            topics.append(terms.topic)
    live = load_catalogue().topics_in_use()
    return {"topics": [t for t in topics if t.pk in live][:6], "spelling": spelling}


def spelling_vocabulary():
    """Words of live page titles and of the topic vocabulary, cached until pages change
    (the search catalogue's state says when)."""
    # Public pages only: a suggestion must not spell out the title of a private page.
    pages = Page.objects.live().public().type(*searchable_models())
    key = f"search:vocabulary:{catalogue_state()}"
    words = cache.get(key)
    if words is None:
        found = set()
        titles = pages.values_list("title", flat=True)
        for title in titles.iterator(chunk_size=2000):
            found.update(WORD.findall(fold(title)))
        for terms in topic_terms():
            for phrase in terms.phrases:
                found.update(phrase.split())
        words = sorted(w for w in found if len(w) > 2)
        cache.set(key, words, 3600)
    return words
