"""What a query is made of: the cleaned text, its meaningful words and their stems.

`clean_query` is the one place where what someone typed becomes a query, for the search
page, its JSON API, autocomplete and the Wagtail API's `?search=`; it runs once per query.
Accent folding itself is shared with indexing, in `core.text`.
"""

import re
from dataclasses import dataclass

from core.text import WORD, fold

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12


@dataclass(frozen=True)
class CleanQuery:
    text: str  # what was typed, cut to length, one space between words: shown and recorded
    words: tuple  # its folded words, in order, once each, without stop words or operators


# Question words that would make "how did someone permit a station?" find nothing.
STOP_WORDS = frozenset(
    re.split(
        r"\s+",
        "a an and are as at be by can did do does for from has have how i in is it of on or our "
        "the their to was we what when where which who why with someone anyone",
    )
)


def clean_query(typed):
    """What someone typed, as a `CleanQuery`.

    Only letters and digits make words, so quotes, brackets, operators (`AND OR NOT - +
    *`), SQL, HTML and control characters never reach a full-text parser; at most
    `MAX_QUERY_WORDS` words are searched, so no query grows deep. Question words are
    dropped unless nothing else is left.
    """
    spaced = " ".join((typed or "").split())  # every kind of whitespace becomes one space
    text = "".join(char for char in spaced if char.isprintable())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[:MAX_QUERY_LENGTH]
        # Cut between words: a word cut short would be searched as a word.
        text = cut.rsplit(" ", 1)[0] if text[MAX_QUERY_LENGTH] != " " and " " in cut else cut
    words = WORD.findall(fold(text))
    meaningful = [word for word in words if word not in STOP_WORDS] or words
    return CleanQuery(text=text, words=tuple(dict.fromkeys(meaningful))[:MAX_QUERY_WORDS])


def rough_stem(word):
    """Enough English stemming to match "communities" with "community", "buses" with "bus"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "ses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def stems(text):
    return [rough_stem(word) for word in WORD.findall(fold(text))]
