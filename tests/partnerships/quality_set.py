"""A labelled set for the recommendations, built from the 2025 Twinning Learning Programme
call (shared seed 003): the 16 Mission Cities, what each has done (offers, from its
climate actions), what each wants to learn (needs, from its challenges and hopes), and,
for each, the Mission Cities whose actions answer its needs (its expected mentors).

Grades: 2 for the city the seed points to most clearly, 1 for others that also answer a
need. Populations and coordinates are the rounded public figures the demo uses. Every
label says which of the seed's lines it rests on.

Expected mentees are the expected mentors read the other way; expected twins are pairs
each of which expects the other as a mentor, plus Reykjavik and Umeå, whom the seed
pairs by climate ("mobility change in darkness and volatile winter conditions").
"""

import math

from partnerships.engine.scoring import CityVector

MATURITY = ["exploring", "planning", "piloting", "scaling"]

# slug: (title, country, maturity, population, latitude, offers, needs)
CITIES = {
    "aachen": (
        "Aachen", "DE", "piloting", 250_000, 50.78,
        ["climate-governance", "citizen-engagement", "behaviour-change", "green-procurement",
         "climate-city-contract"],
        ["climate-finance", "public-private-partnerships", "eu-funding", "monitoring-evaluation",
         "stakeholder-engagement", "climate-communication"],
    ),
    "bristol": (
        "Bristol", "GB", "piloting", 470_000, 51.45,
        ["climate-finance", "public-private-partnerships", "citizen-engagement"],
        ["just-transition", "heat-pumps", "community-acceptance"],
    ),
    "bucharest-sector-2": (
        "2nd District of Bucharest", "RO", "piloting", 350_000, 44.45,
        ["participatory-design", "nzeb-housing", "youth-education", "public-buildings",
         "urban-greening"],
        ["behaviour-change", "climate-finance", "public-private-partnerships",
         "monitoring-evaluation", "data-platforms", "stakeholder-engagement"],
    ),
    "eindhoven-helmond": (
        "Eindhoven-Helmond", "NL", "planning", 340_000, 51.44,
        ["low-carbon-construction", "circular-economy", "scope-3-emissions"],
        ["climate-finance", "stakeholder-engagement", "regulatory-barriers"],
    ),
    "elbasan": (
        "Elbasan", "AL", "planning", 120_000, 41.11,
        ["industrial-decarbonisation", "circular-economy", "one-stop-shop", "building-renovation",
         "water-management"],
        ["climate-communication", "climate-finance", "regulatory-barriers", "workforce-skills",
         "stakeholder-engagement", "renewable-energy"],
    ),
    "gabrovo": (
        "Gabrovo", "BG", "piloting", 50_000, 42.87,
        ["energy-communities", "renewable-energy", "water-management", "nature-based-solutions",
         "building-renovation"],
        ["energy-communities", "low-carbon-construction", "climate-finance", "citizen-engagement",
         "workforce-skills", "regulatory-barriers"],
    ),
    "ioannina": (
        "Ioannina", "GR", "planning", 115_000, 39.67,
        ["low-emission-zones", "participatory-design", "urban-greening", "youth-education",
         "micromobility"],
        ["stakeholder-engagement", "climate-finance", "regulatory-barriers",
         "monitoring-evaluation", "data-platforms"],
    ),
    "kozani": (
        "Kozani", "GR", "planning", 70_000, 40.30,
        ["ghg-inventory", "monitoring-evaluation"],
        ["climate-finance", "citizen-engagement", "stakeholder-engagement",
         "climate-communication"],
    ),
    "liberec": (
        "Liberec", "CZ", "planning", 105_000, 50.77,
        ["climate-governance", "citizen-engagement", "youth-education", "energy-communities"],
        ["climate-finance", "public-private-partnerships", "ghg-inventory",
         "stakeholder-engagement"],
    ),
    "padova": (
        "Padova", "IT", "piloting", 210_000, 45.41,
        ["one-stop-shop", "building-renovation", "energy-communities", "just-transition",
         "stakeholder-engagement", "crowdfunding", "climate-finance"],
        ["citizen-engagement", "behaviour-change", "public-private-partnerships",
         "climate-governance", "district-heating"],
    ),
    "reykjavik": (
        "Reykjavik", "IS", "piloting", 140_000, 64.15,
        ["car-free-neighbourhoods"],
        ["behaviour-change", "sustainable-mobility", "low-carbon-construction"],
    ),
    "sarajevo": (
        "Sarajevo", "BA", "piloting", 275_000, 43.86,
        ["citizen-assemblies", "citizen-engagement", "stakeholder-engagement",
         "participatory-design", "nature-based-solutions"],
        ["climate-governance", "participatory-budgeting", "climate-finance", "workforce-skills"],
    ),
    "sofia": (
        "Sofia", "BG", "planning", 1_250_000, 42.70,
        ["building-renovation", "public-buildings", "energy-management", "renewable-energy"],
        ["data-platforms", "cycling", "stakeholder-engagement", "public-private-partnerships",
         "regulatory-barriers", "climate-governance", "behaviour-change"],
    ),
    "stockholm": (
        "Stockholm", "SE", "scaling", 990_000, 59.33,
        ["district-heating", "carbon-capture", "low-emission-zones", "car-free-neighbourhoods",
         "urban-greening"],
        ["climate-finance", "citizen-engagement", "policy-advocacy", "climate-governance",
         "monitoring-evaluation"],
    ),
    "torino": (
        "Torino", "IT", "piloting", 850_000, 45.07,
        ["energy-communities", "behaviour-change", "sustainable-mobility", "cycling",
         "public-transport"],
        ["regulatory-barriers", "citizen-engagement", "public-buildings"],
    ),
    "umea": (
        "Umeå", "SE", "scaling", 130_000, 63.83,
        ["stakeholder-engagement", "district-heating", "waste-management", "circular-economy",
         "climate-governance"],
        ["car-free-neighbourhoods", "sustainable-mobility", "just-transition",
         "citizen-engagement"],
    ),
}  # fmt: skip

# applicant: {expected mentor: grade}, with the seed's lines behind each label.
EXPECTED_MENTORS = {
    # Aachen: "Financial barriers", "Monitoring ... partner commitments".
    # Bristol's Green Growth West Fund and joint venture; Padova's crowdfunding; Umeå's
    # local green deal with its partners; Kozani's monitoring processes.
    "aachen": {"bristol": 2, "padova": 1, "umea": 1, "kozani": 1},
    # Bristol: "The Just Transition", "marginalised communities". Padova's one-stop shop
    # includes energy-poor households; Sarajevo's citizen assembly.
    "bristol": {"padova": 2, "sarajevo": 1},
    # Bucharest: "Citizen behavioural change", "Innovative funding models", "Data
    # collection and impact measurement". Aachen's serious game and KlimaMatch;
    # Torino's behavioural change after mobility investments (mobility is the first of
    # the changes Bucharest names); Bristol's finance; Kozani's inventories and monitoring.
    "bucharest-sector-2": {"aachen": 2, "torino": 1, "bristol": 1, "kozani": 1},
    # Eindhoven-Helmond: "Financial capacity building", "stakeholder engagement strategies".
    "eindhoven-helmond": {"bristol": 2, "umea": 1, "padova": 1},
    # Elbasan: "Stakeholder engagement" (twice), "Funding and Investment", "renewable
    # energy solutions", "Awareness and Education".
    "elbasan": {"umea": 2, "gabrovo": 1, "bristol": 1, "aachen": 1},
    # Gabrovo: "Strategies for energy communities ... scaling up", "low-carbon
    # construction", "sustained, deep citizen involvement". Torino's REC help desk;
    # Eindhoven-Helmond's biobased building; Sarajevo's citizen assembly; Padova's ECs.
    "gabrovo": {"torino": 2, "eindhoven-helmond": 2, "sarajevo": 1, "padova": 1},
    # Ioannina: "engaging stakeholders", "Mobilising private ... funding", "common
    # monitoring systems".
    "ioannina": {"umea": 2, "sarajevo": 1, "bristol": 1, "kozani": 1},
    # Kozani: "Democracy and Participation", "Finance & Funding", "Public awareness".
    "kozani": {"sarajevo": 2, "bristol": 1, "aachen": 1, "umea": 1},
    # Liberec: "Alternative ways of funding", "Engagement of private investors", "GHG
    # emissions monitoring", "stakeholder engagement, mainly ... businesses" (Sarajevo's
    # Enterprise Alliance).
    "liberec": {"bristol": 2, "kozani": 1, "padova": 1, "sarajevo": 1},
    # Padova: "management of district heating networks", "Better involvement of
    # citizens ... nudging", "Financial operators", "Sustainable internal governance".
    "padova": {"umea": 2, "stockholm": 1, "aachen": 1, "bristol": 1},
    # Reykjavik: "theory of change for changing mobility behaviour", "emissions from
    # building materials". Torino's behavioural change after mobility investments;
    # Stockholm's parking restrictions and environment zones; Eindhoven's biobased building.
    "reykjavik": {"torino": 2, "stockholm": 2, "eindhoven-helmond": 1},
    # Sarajevo: "Institutionalisation of citizen engagement ... permanent governance".
    # Liberec's municipal participatory governance model; Aachen's governance; finance.
    "sarajevo": {"liberec": 2, "aachen": 1, "bristol": 1, "padova": 1},
    # Sofia: "cycling networks", "governance and cross-departmental collaboration",
    # "Stakeholder engagement strategies", "public-private partnerships".
    "sofia": {"torino": 2, "aachen": 1, "umea": 1, "bristol": 1},
    # Stockholm: "Inclusion of broad groups of citizens", "organisation and governance",
    # "Innovative financing sources".
    "stockholm": {"sarajevo": 2, "umea": 1, "aachen": 1, "bristol": 1},
    # Torino: "Technical and legal barriers to the establishment of RECs", "Identification
    # of spaces for PV ... public buildings", "citizen involvement". Gabrovo's energy
    # community model; Sofia's municipal buildings with PV; Sarajevo; Padova's ECs.
    "torino": {"gabrovo": 2, "sofia": 1, "sarajevo": 1, "padova": 1},
    # Umeå: "car free / low-car neighborhoods", "Just transition", "Citizen engagement".
    # Stockholm's parking restrictions; Reykjavik's neighbourhood travel modes; Padova's
    # energy-poor households; Sarajevo's assembly.
    "umea": {"stockholm": 2, "reykjavik": 2, "padova": 1, "sarajevo": 1},
}


def expected_mentees():
    mentees = {}
    for applicant, mentors in EXPECTED_MENTORS.items():
        for mentor, grade in mentors.items():
            mentees.setdefault(mentor, {})[applicant] = grade
    return mentees


def expected_twins():
    twins = {}
    for a, mentors in EXPECTED_MENTORS.items():
        for b, grade in mentors.items():
            if a in EXPECTED_MENTORS.get(b, {}):
                both = max(grade, EXPECTED_MENTORS[b][a])
                twins.setdefault(a, {})[b] = both
    twins.setdefault("reykjavik", {})["umea"] = 2
    twins.setdefault("umea", {})["reykjavik"] = 2
    return twins


def vectors():
    return [
        CityVector(
            id=index + 1,
            slug=slug,
            title=title,
            country=country,
            maturity_rank=MATURITY.index(maturity),
            maturity=maturity,
            offers=frozenset(offers),
            needs=frozenset(needs),
            population=population,
            latitude=latitude,
        )
        for index, (slug, (title, country, maturity, population, latitude, offers, needs)) in (
            enumerate(CITIES.items())
        )
    ]


def jaccard_ranking(me, cities):
    """The baseline: plain tag overlap (Jaccard over all of a city's topics), as Consul
    matches its proposals, whatever the kind; ties by title."""
    mine = me.offers | me.needs

    def similarity(other):
        theirs = other.offers | other.needs
        union = mine | theirs
        return len(mine & theirs) / len(union) if union else 0.0

    others = [c for c in cities if c.slug != me.slug and similarity(c) > 0]
    return [c.slug for c in sorted(others, key=lambda c: (-similarity(c), c.title))]


def hit_at(ranking, expected, k=3):
    return 1.0 if set(ranking[:k]) & set(expected) else 0.0


def ndcg_at(ranking, expected, k=3):
    gains = [2 ** expected.get(slug, 0) - 1 for slug in ranking[:k]]
    dcg = sum(gain / math.log2(position + 2) for position, gain in enumerate(gains))
    ideal = sorted((2**grade - 1 for grade in expected.values()), reverse=True)[:k]
    best = sum(gain / math.log2(position + 2) for position, gain in enumerate(ideal))
    return dcg / best if best else 0.0


def primary_recall_at(ranking, expected, k=3):
    """The share of the grade-2 cities that are in the top k."""
    primary = [slug for slug, grade in expected.items() if grade == 2]
    if not primary:
        return 1.0
    return sum(slug in ranking[:k] for slug in primary) / len(primary)
