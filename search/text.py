"""Text helpers shared by indexing and querying: accent folding and safe query words.

The database backend's PostgreSQL configuration does not fold accents, so every indexed
word with a diacritic also gets an ASCII copy (see `folded_variants`), and queries are
folded the same way before they reach the backend.
"""

import re
import unicodedata

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12

# Letters and digits only: quotes, brackets, operators and control characters never reach
# a full-text query parser, whatever the backend.
WORD = re.compile(r"[^\W_]+")


def fold(text):
    """Lower-case ASCII where possible: "Umeå" -> "umea", "Reykjavík" -> "reykjavik"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.casefold()


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


def folded_variants(texts):
    """The ASCII copies of the words that carry accents, space-separated, once each."""
    variants = []
    for text in texts:
        for word in WORD.findall(text or ""):
            folded = fold(word)
            if folded != word.casefold() and folded not in variants:
                variants.append(folded)
    return " ".join(variants)


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


def searchable_texts(obj, skip=()):
    """Every value `obj` sends to the search index as text (its SearchFields, followed
    through RelatedFields), for deriving extra index fields from them."""
    from django.db.models import Manager
    from wagtail.search import index

    def flatten(value):
        if value is None:
            return
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from flatten(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from flatten(item)
        else:
            yield str(value)

    def walk(target, fields):
        for field in fields:
            if isinstance(field, index.SearchField) and field.field_name not in skip:
                yield from flatten(field.get_value(target))
            elif isinstance(field, index.RelatedFields):
                related = field.get_value(target)
                if related is None:
                    continue
                items = related.all() if isinstance(related, Manager) else [related]
                for item in items:
                    yield from walk(item, field.fields)

    yield from walk(obj, obj.get_search_fields())
