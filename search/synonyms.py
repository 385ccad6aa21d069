"""Topics named in a query, and the other names they widen it to.

A query that names a topic or one of its synonyms from the taxonomy ("REC", "energy
community") also matches the topic's other names. `concepts` turns a query's words into
the backend query's parts: each word on its own, or a topic's words as one part that any
of the topic's names satisfies.
"""

from dataclasses import dataclass

from wagtail.search.query import Or, PlainText

from core.cache_versions import PerProcess
from core.text import WORD, fold
from hub.models import Topic
from hub.models.topics import TOPICS_VERSION

from .text import rough_stem, stems


@dataclass
class TopicTerms:
    topic: Topic
    phrases: list  # folded phrases: the name and every synonym
    stem_phrases: list  # the same as lists of rough stems, for matching queries


def topic_terms():
    """Every topic with the phrases people use for it, folded and stemmed once per process
    and version of the vocabulary (editors add topics and synonyms)."""
    return _topic_terms()


def _build_topic_terms():
    terms = []
    for topic in Topic.objects.order_by("name"):
        phrases = []
        for phrase in [topic.name, *(topic.synonyms or [])]:
            words = WORD.findall(fold(str(phrase)))
            if words and " ".join(words) not in phrases:
                phrases.append(" ".join(words))
        terms.append(
            TopicTerms(topic=topic, phrases=phrases, stem_phrases=[stems(p) for p in phrases])
        )
    return tuple(terms)


_topic_terms = PerProcess(TOPICS_VERSION, _build_topic_terms)


def _find(needle, haystack):
    for start in range(len(haystack) - len(needle) + 1):
        if haystack[start : start + len(needle)] == needle:
            return start
    return -1


def matched_topics(words, terms):
    """[(topic, positions of the words naming it)] for the topics the query names."""
    query_stems = [rough_stem(word) for word in words]
    found = []
    covered = set()
    candidates = [
        (len(stem_phrase), topic_terms, stem_phrase)
        for topic_terms in terms
        for stem_phrase in topic_terms.stem_phrases
    ]
    # Longest phrases first, so "hydrogen buses" wins over "buses".
    for _, topic_terms, stem_phrase in sorted(candidates, key=lambda c: -c[0]):
        start = _find(stem_phrase, query_stems)
        if start < 0:
            continue
        span = set(range(start, start + len(stem_phrase)))
        if span & covered or any(topic_terms.topic == topic for topic, _ in found):
            continue
        found.append((topic_terms.topic, sorted(span)))
        covered |= span
    return found


def concepts(words, terms, matched):
    """The query's concepts in order: each word, or a topic named by some words (`matched`,
    from `matched_topics`) and widened to every name of that topic."""
    by_topic = {t.topic.pk: t for t in terms}
    parts = []
    used = set()
    for topic, span in matched:
        named = " ".join(words[i] for i in span)
        alternatives = [PlainText(named, operator="and")]
        alternatives += [
            PlainText(phrase, operator="and")
            for phrase in by_topic[topic.pk].phrases
            if phrase != named
        ]
        parts.append((min(span), Or(alternatives)))
        used |= set(span)
    for position, word in enumerate(words):
        if position not in used:
            parts.append((position, PlainText(word)))
    return [concept for _, concept in sorted(parts, key=lambda c: c[0])]
