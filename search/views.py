"""The search page, its JSON API and the autocomplete endpoint.

Links that change the search (facets, clearing filters, pages, a spelling) are built in
the template with Django's `{% querystring %}` from the current query string; the view
only says which values a filter would have after a click.
"""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.pagination import page_for_request
from core.visibility import can_open
from hub.models import EndUse, Topic
from hub.models.topics import topic_choices

from . import query_log
from .catalogue import load_catalogue, searchable_models, type_label, type_name
from .forms import SearchForm
from .hits import country_name, load_hits
from .query import HubSearch
from .suggestions import suggestions

PER_PAGE = 10
FILTERS = ("type", "topic", "country", "application")


def _run(request):
    form = SearchForm(request.GET)
    hub_search = HubSearch(form.options())
    paginator = Paginator(hub_search.results, PER_PAGE)
    page_obj, page_notice = page_for_request(request, paginator)
    hits = load_hits(list(page_obj.object_list), hub_search.words)
    return form, hub_search, paginator, page_obj, hits, page_notice


def _selected(form):
    form.is_valid()
    return {name: list(form.cleaned_data.get(name, [])) for name in FILTERS}


def _toggled(selected, name, value):
    """The values of filter `name` once `value` is clicked: added, or removed if chosen."""
    values = selected[name]
    return [v for v in values if v != value] if value in values else [*values, value]


def _facet_lists(facets, selected):
    type_names = {type_label(model): type_name(model) for model in searchable_models()}
    topic_names = dict(topic_choices())

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
                "values": _toggled(selected, name, value),
            }
            for value in values
        ]

    return {
        "type": entries("type", facets["type"], lambda v: type_names.get(v, v)),
        "topic": entries("topic", facets["topic"], lambda v: topic_names.get(v, v)),
        "country": entries("country", facets["country"], country_name),
        "application": [
            {
                "value": value,
                "label": label,
                "count": None,  # every application is listed, without counts
                "selected": value in selected["application"],
                "values": _toggled(selected, "application", value),
            }
            for value, label in EndUse.choices
        ],
    }


def _single_topic(selected):
    chosen = selected["topic"]
    others = any(values for name, values in selected.items() if name != "topic")
    if len(chosen) != 1 or others:
        return None
    return Topic.objects.filter(slug=chosen[0]).first()


@require_GET
def search(request):
    form, hub_search, paginator, page_obj, hits, page_notice = _run(request)
    selected = _selected(form)
    total = hub_search.count()  # every match, also where the backend ranks a sample
    promotions = []
    if hub_search.text and page_obj.number == 1:
        query_log.count(hub_search.text, total)
        promotions = [
            pick
            for pick in query_log.promotions(hub_search.text)
            # An editor's pick of a private page is shown only to those who may open it.
            if pick.page is None or (pick.page.live and can_open(pick.page, request))
        ]
    context = {
        "form": form,
        "search_query": hub_search.text,
        "searched": bool(hub_search.words or any(selected.values())),
        "hits": hits,
        "total": total,
        "page_obj": page_obj,
        "page_notice": page_notice,
        "relaxed": hub_search.relaxed,
        "facets": _facet_lists(hub_search.facets(), selected),
        "selected": selected,
        "selected_any": any(selected.values()),
        "ignored": form.ignored,
        "promotions": promotions,
        "suggestions": suggestions(hub_search) if total == 0 and hub_search.words else None,
        # One topic chosen: the page is that topic's, with its feed and a follow button.
        "feed_target": _single_topic(selected),
        "browse_topics": []
        if hub_search.words
        else Topic.objects.filter(pk__in=load_catalogue().topics_in_use()),
    }
    response = render(request, "search/search.html", context)
    if hub_search.text and page_obj.number == 1:
        response.page_cache_meta = {"search_query": hub_search.text, "total": total}
    return response


@require_GET
def api_search(request):
    """GET /api/search/: the same search as JSON for other clients."""
    form, hub_search, paginator, page_obj, hits, _ = _run(request)
    return JsonResponse(
        {
            "query": hub_search.text,
            "total": hub_search.count(),
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
                    "type_label": type_name(model) if model else "Page",
                }
            )
        typed = " ".join(words)
        for terms in hub_search.topic_terms:
            if any(
                phrase.startswith(typed) or f" {typed}" in f" {phrase}" for phrase in terms.phrases
            ):
                topic = terms.topic
                topics.append(
                    {
                        "slug": topic.slug,
                        "name": topic.name,
                        "url": f"/search/?topic={topic.slug}",
                        "type": "topic",
                        "type_label": "Topic",
                    }
                )
            if len(topics) == 5:
                break
    return JsonResponse({"query": hub_search.text, "titles": titles, "topics": topics})
