"""The partner finder page and the recommendations JSON API."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_countries import countries

from core import visibility
from hub.models import Maturity, Topic
from hub.suggest import suggest_topics

from .corpus import city_vector, hidden_cities, load_corpus
from .engine.kinds import KIND_NAMES, MENTOR
from .forms import PartnerFinderForm
from .models import ProgrammePage
from .recommendations import recommendation_lists

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
FINDER_LIMIT = 5
# A described city that does not say how far along it is is taken to be planning.
DEFAULT_MATURITY = Maturity.PLANNING
# A description's suggested topics become needs when they score at least this share of
# the best one: the clear topics of a text, not every topic it brushes against.
CONFIDENT_SHARE = 0.5


class BadRequest(ValueError):
    pass


def described_city(
    *,
    name="",
    needs=(),
    offers=(),
    maturity="",
    country="",
    population=None,
    latitude=None,
    languages="",
    text="",
):
    """A city described by a visitor, as the engine sees it, and the topics its text
    suggested (added to its needs)."""
    suggested = suggest_topics(text) if text and text.strip() else []
    if suggested:
        best = suggested[0].score
        suggested = [s for s in suggested if s.score >= CONFIDENT_SHARE * best]
    all_needs = set(needs) | {suggestion.slug for suggestion in suggested}
    me = city_vector(
        id=None,
        slug="",
        title=name or "your city",
        country=country,
        maturity=maturity or DEFAULT_MATURITY,
        offers=offers,
        needs=all_needs - set(offers),
        population=population,
        latitude=latitude,
        languages=languages,
    )
    return me, suggested


@require_GET
def partner_finder(request):
    form = PartnerFinderForm(request.GET or None, request=request)
    lists, me, suggested, programme = None, None, [], None
    if form.is_valid():
        corpus = load_corpus()
        data = form.cleaned_data
        if data["city"]:
            me = corpus.get(data["city"].slug)
        else:
            me, suggested = described_city(
                name=data["name"],
                needs=[topic.slug for topic in data["needs"]],
                offers=[topic.slug for topic in data["offers"]],
                maturity=data["maturity"],
                country=data["country"],
                population=data["population"],
                latitude=data["latitude"],
                text=data["text"],
            )
        programme = data["programme"]
        rules = programme.rules() if programme else None
        if me is not None:
            lists = recommendation_lists(
                corpus,
                me,
                FINDER_LIMIT,
                rules,
                exclude=hidden_cities(request),
                kinds=programme.recommendation_kinds() if programme else None,
            )
    return render(
        request,
        "partnerships/partner_finder.html",
        {
            "form": form,
            "lists": lists,
            "me": me,
            "suggested": suggested,
            "programme": programme,
            "described": bool(me is not None and me.id is None),
        },
    )


# The JSON API


def _error(message, status):
    return JsonResponse({"error": message}, status=status)


def _city_json(city, full=False):
    data = {"slug": city.slug, "title": city.title, "country": city.country}
    if full:
        data.update(url=city.url, maturity=city.maturity)
    return data


def _match_json(match):
    return {
        "city": _city_json(match.city, full=True),
        "score": match.score,
        "strength": match.strength,
        "share": round(match.share, 3),
        "reasons": [reason.as_dict() for reason in match.reasons],
        "factors": [factor.as_dict() for factor in match.factors],
    }


def _kind_and_limit(params):
    kind = params.get("kind", MENTOR)
    if kind not in KIND_NAMES:
        raise BadRequest(f"kind must be one of {', '.join(KIND_NAMES)}; got {kind!r}.")
    raw_limit = params.get("limit", str(DEFAULT_LIMIT))
    message = f"limit must be a whole number from 1 to {MAX_LIMIT}; got {raw_limit!r}."
    try:
        limit = int(raw_limit)
    except ValueError:
        raise BadRequest(message) from None
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(message)
    return kind, limit


def _answer(me, kind, limit, request, rules=None, suggested=None, city=None):
    corpus = load_corpus()
    hidden = hidden_cities(request)
    matches = corpus.recommend(me, kind, limit=limit, rules=rules, exclude=hidden)
    data = {"city": city, "kind": kind, "results": [_match_json(m) for m in matches]}
    if suggested is not None:
        data["suggested_topics"] = [suggestion.as_dict() for suggestion in suggested]
    if not matches:
        data["why_none"] = corpus.shortfall(me, kind, rules, hidden).as_dict()
    return JsonResponse(data)


@require_GET
def recommendations_api(request, slug):
    try:
        kind, limit = _kind_and_limit(request.GET)
    except BadRequest as error:
        return _error(str(error), 400)
    corpus = load_corpus()
    me = corpus.get(slug)
    # A city the visitor may not open is answered as if it did not exist.
    if me is None or me.id in hidden_cities(request):
        return _error(f"No published city has the slug {slug!r}.", 404)
    return _answer(me, kind, limit, request, city=_city_json(me))


def _slugs(params, name, known):
    slugs = [slug.strip() for slug in params.get(name, "").split(",") if slug.strip()]
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise BadRequest(
            f"{name} has unknown topics: {', '.join(unknown)}; use the slugs of the hub's "
            "topics, separated by commas."
        )
    return slugs


def _number(params, name, kind, low, high):
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise BadRequest(f"{name} must be a number from {low} to {high}; got {raw!r}.")
    return value


def _described_from(params, request):
    known = set(Topic.objects.values_list("slug", flat=True))
    needs, offers = _slugs(params, "needs", known), _slugs(params, "offers", known)
    text = params.get("text", "")
    if not (needs or offers or text.strip()):
        raise BadRequest("Describe the city: give needs, offers or text.")
    maturity = params.get("maturity", "")
    if maturity and maturity not in Maturity.values:
        raise BadRequest(f"maturity must be one of {', '.join(Maturity.values)}; got {maturity!r}.")
    country = params.get("country", "").upper()
    if country and country not in dict(countries):
        raise BadRequest(f"country must be an ISO 3166 two-letter code; got {country!r}.")
    programme_slug = params.get("programme", "")
    programme = None
    if programme_slug:
        programme = (
            visibility.visible(ProgrammePage.objects.live(), request)
            .filter(slug=programme_slug)
            .first()
        )
        if programme is None:
            raise BadRequest(f"No published programme has the slug {programme_slug!r}.")
    me, suggested = described_city(
        needs=needs,
        offers=offers,
        maturity=maturity,
        country=country,
        population=_number(params, "population", int, 1, 100_000_000),
        latitude=_number(params, "latitude", float, -90, 90),
        languages=params.get("languages", ""),
        text=text,
    )
    return me, suggested if text.strip() else None, programme


@require_GET
def described_recommendations_api(request):
    """Recommendations for a city described by its parameters, not by a page."""
    try:
        kind, limit = _kind_and_limit(request.GET)
        me, suggested, programme = _described_from(request.GET, request)
    except BadRequest as error:
        return _error(str(error), 400)
    rules = programme.rules() if programme else None
    return _answer(me, kind, limit, request, rules=rules, suggested=suggested)
