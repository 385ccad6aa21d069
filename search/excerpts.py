"""The passage of a page shown under a search result, with the matched words marked."""

import re

from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.search import index

from core.text import WORD, fold

from .text import rough_stem

EXCERPT_WORDS = 32


def _own_texts(page):
    """The page's own indexed text, summary first (no related objects, so no queries)."""
    texts = [getattr(page, "summary", "") or ""]
    for search_field in page.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name not in {
            "title",
            "summary",
            "accent_folded_text",
        }:
            value = search_field.get_value(page)
            values = value if isinstance(value, list) else [value]
            texts.extend(strip_tags(str(v)) for v in values if v)
    return [" ".join(t.split()) for t in texts if t and t.strip()]


def excerpt(page, words):
    """A short passage around the first matched word: (plain text, HTML with <mark>)."""
    texts = _own_texts(page)
    if not texts:
        return "", ""
    query_stems = [rough_stem(word) for word in words]

    def matches(token):
        # "permitting" matches "permit", "communities" matches "community".
        token_stem = rough_stem(fold(token))
        return any(token_stem.startswith(stem) for stem in query_stems if len(stem) > 1)

    chosen = texts[0]
    for text in texts:
        if any(matches(t) for t in WORD.findall(text)):
            chosen = text
            break
    tokens = re.split(r"(\s+)", chosen)
    words_only = [i for i, t in enumerate(tokens) if t.strip()]
    first = next((n for n, i in enumerate(words_only) if matches(tokens[i])), 0)
    start = max(0, min(first - 8, len(words_only) - EXCERPT_WORDS))
    window = words_only[start : start + EXCERPT_WORDS]
    html_parts, text_parts = [], []
    for i in window:
        token = tokens[i]
        text_parts.append(token)
        # Mark the word inside its punctuation: "(Umeå)," -> "(<mark>Umeå</mark>),".
        pieces = re.split(r"([^\W_]+)", token)
        html_parts.append(
            "".join(
                f"<mark>{conditional_escape(p)}</mark>"
                if WORD.fullmatch(p) and matches(p)
                else str(conditional_escape(p))
                for p in pieces
            )
        )
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + EXCERPT_WORDS < len(words_only) else ""
    return (
        prefix + " ".join(text_parts) + suffix,
        mark_safe(prefix + " ".join(html_parts) + suffix),  # noqa: S308 -- every piece escaped
    )
