from django import template

from core import visibility
from partnerships.corpus import hidden_cities, load_corpus
from partnerships.models import PartnershipMember
from partnerships.recommendations import recommendation_lists

register = template.Library()

CITY_PAGE_LIMIT = 3


@register.inclusion_tag("partnerships/includes/city_programmes.html", takes_context=True)
def city_programmes(context, city):
    """The live programmes a city takes part in."""
    programmes = visibility.visible(city.programmes.live(), context.get("request"))
    return {"programmes": programmes.order_by("title")}


@register.inclusion_tag("partnerships/includes/city_partnerships.html", takes_context=True)
def city_partnerships(context, city):
    """A city's live partnerships with their other members, in two queries; what the
    visitor may not open (a restricted partnership or city) is left out."""
    request = context.get("request")
    memberships = list(
        visibility.visible(
            PartnershipMember.objects.filter(city=city, page__live=True), request, "page__path"
        )
        .select_related("page")
        .order_by("page__title")
    )
    partnership_ids = [membership.page_id for membership in memberships]
    others = {}
    partners = PartnershipMember.objects.filter(page_id__in=partnership_ids, city__live=True)
    for member in (
        visibility.visible(partners, request, "city__path")
        .exclude(city=city)
        .select_related("city")
        .order_by("sort_order")
    ):
        others.setdefault(member.page_id, []).append(member)
    rows = [
        {"membership": m, "partnership": m.page, "others": others.get(m.page_id, [])}
        for m in memberships
    ]
    return {"request": context.get("request"), "city": city, "rows": rows}


@register.inclusion_tag("partnerships/includes/recommended_partners.html", takes_context=True)
def recommended_partners(context, city):
    """Top mentors, mentees and twins for a city page, from the cached corpus, among the
    cities the visitor may open."""
    request = context.get("request")
    corpus = load_corpus()
    me = corpus.get(city.slug)
    hidden = hidden_cities(request)
    lists = recommendation_lists(corpus, me, CITY_PAGE_LIMIT, exclude=hidden) if me else []
    return {"request": request, "city": city, "lists": lists}


@register.filter
def sentence_for(reason, match):
    """A reason in plain words, naming the recommended city."""
    return reason.sentence(match.city.title)
