"""What a query is made of: the cleaned text, its meaningful words and their stems.

Accent folding itself is shared with indexing, in `core.text`.
"""

import re

from core.text import WORD, fold

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12


def clean_query(text):
    """What the user typed, cut to a sane length, without control characters."""
    text = "".join(char for char in (text or "") if char.isprintable() or char == " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


# Question words that would make "how did someone permit a station?" find nothing.
STOP_WORDS = frozenset(
    re.split(
        r"\s+",
        "a an and are as at be by can did do does for from has have how i in is it of on or our "
        "the their to was we what when where which who why with someone anyone",
    )
)


def query_words(text):
    """The folded words of a query, in order, without duplicates, operators or stop words."""
    seen = []
    words = WORD.findall(fold(clean_query(text)))
    meaningful = [word for word in words if word not in STOP_WORDS]
    for word in meaningful or words:
        if word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_WORDS]


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
