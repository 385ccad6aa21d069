"""On SQLite, give the full-text table an English stemmer and full accent folding.

Wagtail creates `wagtailsearch_indexentry_fts` with FTS5's default tokenizer, which matches
words exactly ("community" misses "communities"). PostgreSQL's default `english`
configuration stems; this makes the embedded default rank the same way. The triggers that
copy index entries into this table refer to it by name, so they keep working; existing
entries are copied back in.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry_fts"
TOKENIZER = "porter unicode61 remove_diacritics 2"


def _fts_table_exists(cursor):
    cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name=%s", [TABLE])
    return cursor.fetchone() is not None


def rebuild(tokenizer):
    def operation(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            if not _fts_table_exists(cursor):
                return
            cursor.execute(f"DROP TABLE {TABLE}")
            options = f", tokenize='{tokenizer}'" if tokenizer else ""
            cursor.execute(
                f"CREATE VIRTUAL TABLE {TABLE} USING fts5(autocomplete, body, title{options})"
            )
            copy = (
                f"INSERT INTO {TABLE} (rowid, title, body, autocomplete) "  # noqa: S608
                "SELECT id, title, body, autocomplete FROM wagtailsearch_indexentry"
            )
            cursor.execute(copy)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(rebuild(TOKENIZER), rebuild(""))]
