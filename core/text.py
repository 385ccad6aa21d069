"""Text rules shared by the whole site: control characters, and folding for search.

Control characters (`CONTROL_CHARACTER`) are what no reader typed on purpose: PostgreSQL
refuses NUL in text, spreadsheets refuse most of the others, and none of them shows on a
page. Forms strip them (`strip_control_characters`), importers report them
(`first_control_character`), exports drop what a spreadsheet cannot hold.

The database search backend's PostgreSQL configuration does not fold accents, so every
indexed word with a diacritic also gets an ASCII copy (`folded_variants`), and queries
are folded the same way (`fold`) before they reach the backend.
"""

import re
import unicodedata

# C0 and C1 controls and DEL, except tab, line feed and carriage return, which text areas
# and pasted text legitimately hold.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text):
    """`text` without control characters (tabs and line breaks stay)."""
    return CONTROL_CHARACTER.sub("", text)


def first_control_character(text):
    """The first control character in `text` as "U+0001", or None."""
    found = CONTROL_CHARACTER.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


# Letters and digits only: quotes, brackets, operators and control characters never reach
# a full-text query parser, whatever the backend.
WORD = re.compile(r"[^\W_]+")


def fold(text):
    """Lower-case ASCII where possible: "Umeå" -> "umea", "Reykjavík" -> "reykjavik"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.casefold()


def folded_variants(texts):
    """The ASCII copies of the words that carry accents, space-separated, once each."""
    variants = []
    for text in texts:
        for word in WORD.findall(text or ""):
            folded = fold(word)
            if folded != word.casefold() and folded not in variants:
                variants.append(folded)
    return " ".join(variants)


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
