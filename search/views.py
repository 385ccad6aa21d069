"""The search page, its JSON API and the autocomplete endpoint."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

from hub.models import EndUse, Topic

from .forms import SearchForm
from .models import NoResultQuery
from .query import (
    HubSearch,
    country_name,
    load_hits,
    searchable_models,
    topics_in_use,
    type_label,
)

PER_PAGE = 10
FILTERS = ("type", "topic", "country", "application")


def _page_number(request):
    """A page number from the query string: junk and numbers below 1 mean the first page."""
    try:
        number = int(str(request.GET.get("page", "1"))[:12])
    except ValueError:
        return 1
    return max(number, 1)


def _run(request):
    form = SearchForm(request.GET)
    hub_search = HubSearch(form.options())
    paginator = Paginator(hub_search.results, PER_PAGE)
    # Past the end shows the last page rather than an error.
    page_obj = paginator.get_page(min(_page_number(request), paginator.num_pages))
    hits = load_hits(list(page_obj.object_list), hub_search.words)
    return form, hub_search, paginator, page_obj, hits


def _selected(form):
    form.is_valid()
    return {name: list(form.cleaned_data.get(name, [])) for name in FILTERS}


def _link(query, selected, name=None, value=None):
    """The query string for the current search with `value` of filter `name` toggled."""
    params = [("q", query)] if query else []
    for filter_name in FILTERS:
        values = list(selected[filter_name])
        if filter_name == name:
            values = [v for v in values if v != value] if value in values else values + [value]
        params.extend((filter_name, v) for v in values)
    return "?" + urlencode(params)


def _facet_lists(facets, selected, query):
    type_names = {
        type_label(model): str(model._meta.verbose_name).capitalize()
        for model in searchable_models()
    }
    topic_names = dict(
        Topic.objects.filter(slug__in=[*facets["topic"], *selected["topic"]]).values_list(
            "slug", "name"
        )
    )

    def entries(name, counts, label):
        values = list(counts)
        # A chosen value stays listed even when the query leaves it no page.
        values += [v for v in selected[name] if v not in counts]
        return [
            {
                "value": value,
                "label": label(value),
                "count": counts.get(value, 0),
                "selected": value in selected[name],
                "link": _link(query, selected, name, value),
            }
            for value in values
        ]

    return [
        ("type", "Type", entries("type", facets["type"], lambda v: type_names.get(v, v))),
        ("topic", "Topic", entries("topic", facets["topic"], lambda v: topic_names.get(v, v))),
        ("country", "Country", entries("country", facets["country"], country_name)),
    ]


def _record(hub_search, total):
    """Count the query for editors' reports: popular queries, and those that found nothing."""
    normalised = normalise_query_string(hub_search.text)
    if not normalised:
        return None
    query = Query.get(normalised)
    query.add_hit()
    if total == 0:
        NoResultQuery.record(normalised)
    return query


def _suggestions(hub_search):
    suggestions = hub_search.suggestions()
    if suggestions["spelling"]:
        suggestions["spelling_query"] = urlencode({"q": suggestions["spelling"]})
    return suggestions


@require_GET
def search(request):
    form, hub_search, paginator, page_obj, hits = _run(request)
    selected = _selected(form)
    total = paginator.count
    promotions = []
    if hub_search.text and page_obj.number == 1:
        query = _record(hub_search, total)
        if query is not None:
            promotions = [
                pick
                for pick in query.editors_picks.select_related("page")
                if pick.page is None or pick.page.live
            ]
    filter_query = _link(hub_search.text, selected)[1:]
    context = {
        "form": form,
        "search_query": hub_search.text,
        "searched": bool(hub_search.words or any(selected.values())),
        "hits": hits,
        "total": total,
        "page_obj": page_obj,
        "filter_query": filter_query,
        "relaxed": hub_search.relaxed,
        "facets": _facet_lists(hub_search.facets(), selected, hub_search.text),
        "selected": selected,
        "selected_any": any(selected.values()),
        "clear_link": _link(hub_search.text, dict.fromkeys(FILTERS, [])),
        "applications": [
            {
                "value": value,
                "label": label,
                "selected": value in selected["application"],
                "link": _link(hub_search.text, selected, "application", value),
            }
            for value, label in EndUse.choices
        ],
        "ignored": form.ignored,
        "promotions": promotions,
        "suggestions": _suggestions(hub_search) if total == 0 and hub_search.words else None,
        "browse_topics": [] if hub_search.words else Topic.objects.filter(pk__in=topics_in_use()),
    }
    return render(request, "search/search.html", context)


@require_GET
def api_search(request):
    """GET /api/search/: the same search as JSON for other clients."""
    form, hub_search, paginator, page_obj, hits = _run(request)
    return JsonResponse(
        {
            "query": hub_search.text,
            "total": paginator.count,
            "page": page_obj.number,
            "results": [
                {
                    "title": hit.page.title,
                    "url": hit.page.get_full_url(request),
                    "type": hit.type_label,
                    "city": hit.city.title if hit.city else None,
                    "topics": [topic.slug for topic in hit.topics],
                    "excerpt": hit.excerpt_text,
                }
                for hit in hits
            ],
            "facets": hub_search.facets(),
        }
    )


@require_GET
def autocomplete(request):
    """GET /search/autocomplete/?q=: page titles and topics that start with what was typed."""
    form = SearchForm({"q": request.GET.get("q", "")})
    hub_search = HubSearch(form.options())
    words = hub_search.words
    titles, topics = [], []
    if words and len(" ".join(words)) >= 2:
        for page in hub_search.autocomplete(limit=6):
            model = page.specific_class
            titles.append(
                {
                    "title": page.title,
                    "url": page.get_url(request),
                    "type": type_label(model) if model else "",
                }
            )
        typed = " ".join(words)
        for terms in hub_search.topic_terms:
            if any(
                phrase.startswith(typed) or f" {typed}" in f" {phrase}" for phrase in terms.phrases
            ):
                topic = terms.topic
                topics.append(
                    {"slug": topic.slug, "name": topic.name, "url": f"/search/?topic={topic.slug}"}
                )
            if len(topics) == 5:
                break
    return JsonResponse({"query": hub_search.text, "titles": titles, "topics": topics})
