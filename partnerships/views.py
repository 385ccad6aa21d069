"""The partner finder page and the recommendations JSON API."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hub.models import Maturity

from .corpus import hidden_cities, load_corpus
from .engine.scoring import KINDS, MENTOR, CityVector
from .forms import PartnerFinderForm
from .recommendations import recommendation_lists

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
FINDER_LIMIT = 5


@require_GET
def partner_finder(request):
    form = PartnerFinderForm(request.GET or None, request=request)
    lists, me = None, None
    if form.is_valid():
        corpus = load_corpus()
        data = form.cleaned_data
        if data["city"]:
            me = corpus.get(data["city"].slug)
        else:
            me = CityVector(
                id=None,
                slug="",
                title="Your city",
                country=data["country"],
                maturity_rank=Maturity.rank(data["maturity"]),
                maturity=data["maturity"],
                offers=frozenset(topic.slug for topic in data["offers"]),
                needs=frozenset(topic.slug for topic in data["needs"]),
            )
        programme = data["programme"]
        rules = programme.rules() if programme else None
        if me is not None:
            lists = recommendation_lists(
                corpus, me, FINDER_LIMIT, rules, exclude=hidden_cities(request)
            )
    return render(
        request,
        "partnerships/partner_finder.html",
        {"form": form, "lists": lists, "me": me},
    )


def _error(message, status):
    return JsonResponse({"error": message}, status=status)


def _city_json(city, full=False):
    data = {"slug": city.slug, "title": city.title, "country": city.country}
    if full:
        data.update(url=city.url, maturity=city.maturity)
    return data


@require_GET
def recommendations_api(request, slug):
    kind = request.GET.get("kind", MENTOR)
    if kind not in KINDS:
        return _error(f"kind must be one of {', '.join(KINDS)}; got {kind!r}.", 400)
    raw_limit = request.GET.get("limit", str(DEFAULT_LIMIT))
    try:
        limit = int(raw_limit)
    except ValueError:
        return _error(
            f"limit must be a whole number from 1 to {MAX_LIMIT}; got {raw_limit!r}.", 400
        )
    if not 1 <= limit <= MAX_LIMIT:
        return _error(f"limit must be a whole number from 1 to {MAX_LIMIT}; got {limit}.", 400)
    corpus = load_corpus()
    me = corpus.get(slug)
    hidden = hidden_cities(request)
    # A city the visitor may not open is answered as if it did not exist.
    if me is None or me.id in hidden:
        return _error(f"No published city has the slug {slug!r}.", 404)
    matches = corpus.recommend(me, kind, limit=limit, exclude=hidden)
    return JsonResponse(
        {
            "city": _city_json(me),
            "kind": kind,
            "results": [
                {
                    "city": _city_json(match.city, full=True),
                    "score": match.score,
                    "reasons": [reason.as_dict() for reason in match.reasons],
                }
                for match in matches
            ],
        }
    )
