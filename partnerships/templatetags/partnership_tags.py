from django import template

from partnerships.corpus import load_corpus
from partnerships.models import PartnershipMember
from partnerships.recommendations import recommendation_lists

register = template.Library()

CITY_PAGE_LIMIT = 3


@register.inclusion_tag("partnerships/includes/city_programmes.html")
def city_programmes(city):
    """The live programmes a city takes part in."""
    return {"programmes": city.programmes.live().order_by("title")}


@register.inclusion_tag("partnerships/includes/city_partnerships.html", takes_context=True)
def city_partnerships(context, city):
    """A city's live partnerships with their other members, in two queries."""
    memberships = list(
        PartnershipMember.objects.filter(city=city, page__live=True)
        .select_related("page")
        .order_by("page__title")
    )
    partnership_ids = [membership.page_id for membership in memberships]
    others = {}
    for member in (
        PartnershipMember.objects.filter(page_id__in=partnership_ids, city__live=True)
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
    """Top mentors, mentees and twins for a city page, from the cached corpus."""
    corpus = load_corpus()
    me = corpus.get(city.slug)
    lists = recommendation_lists(corpus, me, CITY_PAGE_LIMIT) if me else []
    return {"request": context.get("request"), "city": city, "lists": lists}
