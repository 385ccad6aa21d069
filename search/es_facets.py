"""Counts, facets and filters computed by Elasticsearch itself, over every match.

Elasticsearch hands back its best matches only (`ranking.SAMPLE`), so with it the counts
and facets are not taken from the catalogue's sample of matches: one request runs the
text query with every filter in its `bool` filter and answers with the number of matches
and, for each facet, a terms aggregation under every filter but the facet's own (so its
other values stay choosable), as the catalogue does on the database backends.

The fields are `HubPage`'s filter fields (`search_type`, `search_country`,
`search_application`, `search_topic_ids`), indexed with every page; their names in the
index come from Wagtail's own mapping, one per page model.
"""

from collections import Counter

from wagtail.models import Page
from wagtail.search import index

from .catalogue import searchable_models, type_label

FACET_FIELDS = {
    "type": "search_type",
    "country": "search_country",
    "application": "search_application",
    "topic": "search_topic_ids",
}
BUCKETS = 500  # more than any facet has values (countries, topics, types)


def _columns(backend):
    """{facet: [column name in the index, one per model that has it]}."""
    columns = {name: [] for name in FACET_FIELDS}
    wanted = {field: name for name, field in FACET_FIELDS.items()}
    for model in searchable_models():
        mapping = backend.mapping_class(model)
        for field in model.get_search_fields():
            if isinstance(field, index.FilterField) and field.field_name in wanted:
                column = mapping.get_field_column_name(field)
                facet = wanted[field.field_name]
                if column not in columns[facet]:
                    columns[facet].append(column)
    return columns


def _any_of(columns, values):
    return {
        "bool": {
            "should": [{"terms": {column: list(values)}} for column in columns],
            "minimum_should_match": 1,
        }
    }


def filter_values(options):
    """{facet: chosen values as indexed} for a search's options."""
    return {
        "type": [type_label(model) for model in options.types],
        "country": list(options.countries),
        "application": list(options.applications),
        "topic": [topic.pk for topic in options.topics],
    }


def body(backend, query, pages, options):
    """The request: the text query, every chosen filter, and one filtered aggregation
    per facet."""
    columns = _columns(backend)
    text_query = backend.search(query, pages).query_compiler.get_query()
    chosen = {name: values for name, values in filter_values(options).items() if values}
    filters = {name: _any_of(columns[name], values) for name, values in chosen.items()}
    aggregations = {}
    for facet in ("type", "country", "topic"):
        others = [f for name, f in filters.items() if name != facet]
        aggregations[facet] = {
            "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
            "aggs": {
                column.replace(".", "_"): {"terms": {"field": column, "size": BUCKETS}}
                for column in columns[facet]
            },
        }
    return {
        "query": {"bool": {"must": [text_query], "filter": list(filters.values())}},
        "aggregations": aggregations,
        "size": 0,
        "track_total_hits": True,
    }


def count_and_facets(backend, query, pages, options):
    """(matches under every filter, {"type": {label: n}, "country": {...}, "topic":
    {topic id: n}}) from one Elasticsearch request."""
    request = body(backend, query, pages, options)
    response = backend.es.search(index=backend.get_index_for_model(Page).name, **request)
    total = response["hits"]["total"]["value"]
    facets = {}
    for facet in ("type", "country", "topic"):
        counts = Counter()
        for column_aggregation in response["aggregations"][facet].values():
            if isinstance(column_aggregation, dict) and "buckets" in column_aggregation:
                for bucket in column_aggregation["buckets"]:
                    counts[bucket["key"]] += bucket["doc_count"]
        facets[facet] = dict(counts)
    return total, facets
