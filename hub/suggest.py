"""Topics from a city's own words: "we want our buses to run on hydrogen" -> Hydrogen bus fleets.

Each topic of the vocabulary is a small document made of fields, weighted as a search
index weights them: its name, its synonyms, its description and its domain, and the words
the hub's own public pages use about it (the titles and summaries of pages tagged with
it, and the climate actions of city pages tagged with it). Words are accent-folded and
stemmed (Snowball's English stemmer); pairs of neighbouring words count too, so a phrase
("rainwater harvesting") outweighs its words apart. A text is scored against every topic
with BM25 (term frequency saturated, inverse document frequency over the topics).

No language model: the index is built from the database in a handful of queries and kept
per process under a version token that a change to a topic or a page retires.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
import snowballstemmer
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.signals import page_published, page_unpublished

from core.cache_versions import CacheVersion
from core.text import WORD, fold

from .models import CityProfilePage, Domain, HubPage, PageTopic, Topic

SUGGESTER_VERSION = CacheVersion("hub:topic-suggester-version")

DEFAULT_LIMIT = 5
MAX_LIMIT = 20
MAX_TEXT_LENGTH = 5_000

# Field weights, as boosts in a search index: what names a topic counts most.
FIELD_WEIGHTS = {"name": 4.0, "synonyms": 3.0, "description": 1.0, "domain": 0.5, "pages": 0.4}
PHRASE_WEIGHT = 1.5  # a pair of neighbouring words, on top of its two words
BM25_K1 = 1.2
# Below this a topic is not suggested: one common word in passing is not a topic.
MIN_SCORE = 1.5

_STOP_WORDS_TEXT = (
    "a about above after again all also am an and any are as at be because been "
    "before being below between both but by can could did do does doing down during "
    "each few for from further had has have having he her here hers him his how i if "
    "in into is it its itself just me more most my no nor not now of off on once only "
    "or other our ours out over own same she should so some such than that the their "
    "theirs them then there these they this those through to too under until up very "
    "was we were what when where which while who whom why will with would you your "
    "yours city cities municipality local want wants like need needs learn learning "
    "help how make making new better improve way ways other others "
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_stemmer = snowballstemmer.stemmer("english")
_stems = {}  # word -> stem: a hub's vocabulary is small, its pages repeat it


def _stem(word):
    stem = _stems.get(word)
    if stem is None:
        if len(_stems) > 200_000:
            _stems.clear()
        stem = _stems[word] = _stemmer.stemWord(word)
    return stem


def terms(text):
    """The stems of a text's meaningful words, in order."""
    return [
        _stem(word)
        for word in WORD.findall(fold(text or ""))
        if word not in STOP_WORDS and len(word) > 1
    ]


def with_phrases(stems):
    """Stems and neighbouring pairs of stems ("rainwat harvest")."""
    return list(stems) + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]


@dataclass(frozen=True)
class Suggestion:
    slug: str
    name: str
    score: float

    def as_dict(self):
        return {"slug": self.slug, "name": self.name, "score": self.score}


class TopicIndex:
    """Every topic as weighted term frequencies, and the inverse document frequencies."""

    def __init__(self, topics, documents):
        """`topics`: [(slug, name)]; `documents`: {slug: {field: [text, ...]}}."""
        self.topics = list(topics)
        weighted = defaultdict(lambda: np.zeros(len(self.topics)))
        for column, (slug, _) in enumerate(self.topics):
            for field_name, texts in documents.get(slug, {}).items():
                weight = FIELD_WEIGHTS[field_name]
                for text in texts:
                    stems = terms(text)
                    counts = Counter(stems)
                    counts.update(dict.fromkeys(with_phrases(stems)[len(stems) :], PHRASE_WEIGHT))
                    for term, count in counts.items():
                        weighted[term][column] += weight * count
        n = len(self.topics)
        self.vectors = {}
        for term, frequencies in weighted.items():
            carrying = int((frequencies > 0).sum())
            idf = math.log(1 + (n - carrying + 0.5) / (carrying + 0.5))
            saturated = frequencies * (BM25_K1 + 1) / (frequencies + BM25_K1)
            self.vectors[term] = idf * saturated

    def suggest(self, text, limit=DEFAULT_LIMIT):
        text = (text or "")[:MAX_TEXT_LENGTH]
        scores = np.zeros(len(self.topics))
        for term in set(with_phrases(terms(text))):
            vector = self.vectors.get(term)
            if vector is not None:
                scores += vector
        order = sorted(
            (i for i in range(len(self.topics)) if scores[i] >= MIN_SCORE),
            key=lambda i: (-scores[i], self.topics[i][1]),
        )
        return [
            Suggestion(
                slug=self.topics[i][0], name=self.topics[i][1], score=round(float(scores[i]), 3)
            )
            for i in order[:limit]
        ]


def _public_pages(queryset):
    """Live pages outside every restricted section: the only text the index may learn from."""
    from core import visibility

    return visibility.visible(queryset.live(), None)


def build_index():
    """The topic index from the database: topics, their domains and the hub's pages."""
    topics = list(Topic.objects.select_related("domain").order_by("slug"))
    documents = {
        topic.slug: {
            "name": [topic.name],
            "synonyms": list(topic.synonyms or []),
            "description": [topic.description] if topic.description else [],
            "domain": [topic.domain.name],
        }
        for topic in topics
    }
    slug_of = {topic.pk: topic.slug for topic in topics}
    page_text = {}
    for model in get_page_models():
        if not issubclass(model, HubPage) or model._meta.abstract:
            continue
        for pk, title, summary in _public_pages(model.objects.all()).values_list(
            "pk", "title", "summary"
        ):
            page_text[pk] = f"{title}. {summary}"
    for tag_id, page_id in PageTopic.objects.filter(content_object_id__in=page_text).values_list(
        "tag_id", "content_object_id"
    ):
        documents[slug_of[tag_id]]["pages"] = documents[slug_of[tag_id]].get("pages", []) + [
            page_text[page_id]
        ]
    for actions in _public_pages(CityProfilePage.objects.all()).values_list("actions", flat=True):
        for block in getattr(actions, "raw_data", None) or []:
            value = block.get("value") or {}
            text = f"{value.get('title', '')}. {value.get('summary', '')}"
            for slug in value.get("topics") or []:
                if slug in documents:
                    documents[slug].setdefault("pages", []).append(text)
    return TopicIndex([(topic.slug, topic.name) for topic in topics], documents)


_lock = threading.Lock()
_built = {}


def topic_index():
    """The current index: built once per process per version of the topics and pages."""
    version = SUGGESTER_VERSION.current()
    found = _built.get(version)
    if found is None:
        with _lock:
            found = _built.get(version)
            if found is None:
                found = build_index()
                _built.clear()
                _built[version] = found
    return found


def suggest_topics(text, limit=DEFAULT_LIMIT):
    """The topics a text is about, best first (at most `limit`)."""
    return topic_index().suggest(text, limit)


def _retire(**kwargs):
    SUGGESTER_VERSION.retire()


for _model in (Topic, Domain, PageTopic, PageViewRestriction):
    post_save.connect(_retire, sender=_model, dispatch_uid=f"suggester-save-{_model.__name__}")
    post_delete.connect(_retire, sender=_model, dispatch_uid=f"suggester-delete-{_model.__name__}")
post_delete.connect(_retire, sender=Page, dispatch_uid="suggester-delete-page")
page_published.connect(_retire, dispatch_uid="suggester-published")
page_unpublished.connect(_retire, dispatch_uid="suggester-unpublished")
