"""Webinars under /webinars/.

Past sessions have fixed dates in 2026 and a recording; upcoming sessions are placed a
few weeks after the day the demo is loaded, so a fresh demo always has some to register
for. Speakers are named by role: the demo does not put words in real people's mouths.
Links point at example.org.
"""

import datetime

T = datetime.time

WEBINARS = [
    {
        "slug": "permitting-hydrogen-refuelling-stations",
        "title": "Permitting hydrogen refuelling stations: what Aberdeen learned",
        "summary": (
            "A tutorial on the consents a hydrogen station needs, from hazardous substances "
            "consent to the explosive atmosphere assessment, and how to run them in parallel."
        ),
        "topics": ["permitting", "hydrogen-refuelling", "hydrogen-safety"],
        "date": datetime.date(2026, 3, 18),
        "minutes": 90,
        "timezone": "Europe/London",
        "speakers": [
            {"name": "Hydrogen programme lead", "organisation": "Aberdeen City Council"},
            {"name": "Fire safety engineer", "organisation": "Scottish Fire and Rescue Service"},
        ],
        "agenda": [
            {"time": T(15, 0), "title": "Welcome and introductions"},
            {
                "time": T(15, 10),
                "title": "Walking through the consents",
                "description": "Which permit comes first, and which can run side by side.",
            },
            {"time": T(15, 50), "title": "Questions from cities"},
        ],
        "recording_url": "https://example.org/recordings/permitting-hydrogen-refuelling-stations",
    },
    {
        "slug": "twinning-learning-programme-mission-cities",
        "title": "Meet the Mission Cities of the Twinning Learning Programme",
        "summary": (
            "Mission Cities present the climate actions they can share with Twin Cities, "
            "and explain how the twelve-month exchange and its three modules work."
        ),
        "topics": ["climate-city-contract", "citizen-engagement", "climate-governance"],
        "date": datetime.date(2026, 6, 10),
        "minutes": 120,
        "timezone": "Europe/Brussels",
        "speakers": [
            {"name": "Programme facilitator", "organisation": "NetZeroCities"},
            {"name": "Climate coordinator", "organisation": "City of Umeå"},
            {"name": "Climate office lead", "organisation": "City of Sarajevo"},
        ],
        "agenda": [
            {
                "time": T(14, 0),
                "title": "How twinning works: Getting Started, Co-creating, Capitalising",
            },
            {"time": T(14, 30), "title": "Short pitches from Mission Cities"},
            {"time": T(15, 30), "title": "How to prepare an application"},
        ],
        "recording_url": "https://example.org/recordings/twinning-learning-programme",
    },
    {
        "slug": "smart-sister-cities-municipal-hydrogen",
        "title": "Smart Sister Cities: municipal hydrogen in Lancaster and Namie",
        "summary": (
            "Two towns on either side of the Pacific compare how a city can produce, store "
            "and use its own hydrogen, and what their agreement has brought so far."
        ),
        "topics": ["hydrogen-production", "hydrogen-storage-distribution", "policy-advocacy"],
        "date": datetime.date(2026, 9, 23),
        "minutes": 60,
        "timezone": "America/Los_Angeles",
        "speakers": [
            {"name": "Energy manager", "organisation": "City of Lancaster"},
            {"name": "Recovery and energy planner", "organisation": "Town of Namie"},
        ],
        "agenda": [
            {"time": T(17, 0), "title": "Why two municipalities signed an agreement"},
            {"time": T(17, 20), "title": "From solar to hydrogen in Namie"},
            {"time": T(17, 40), "title": "Questions"},
        ],
        "recording_url": "https://example.org/recordings/smart-sister-cities",
    },
    {
        "slug": "business-cases-hospitals-and-trucks",
        "title": "Business cases for hydrogen in hospitals and trucks",
        "summary": (
            "How to build an honest business case when hydrogen is about resilience or "
            "clean air rather than savings, with the worked examples from the hub."
        ),
        "topics": ["hydrogen-buildings", "hydrogen-trucks", "climate-finance"],
        "in_days": 21,
        "minutes": 90,
        "timezone": "Europe/Brussels",
        "speakers": [
            {"name": "Hydrogen finance adviser", "organisation": "H2 Twin Cities"},
            {"name": "Resilience officer", "organisation": "County of Hawaiʻi"},
        ],
        "agenda": [
            {"time": T(16, 0), "title": "What goes into a business case"},
            {"time": T(16, 30), "title": "Hospital backup power: a worked example"},
            {"time": T(17, 0), "title": "Drayage trucks: who pays and who benefits"},
        ],
        "registration_url": "https://example.org/webinars/business-cases-hospitals-and-trucks",
    },
    {
        "slug": "energy-communities-and-citizen-assemblies",
        "title": "Energy communities and citizen assemblies",
        "summary": (
            "Gabrovo, Torino and Sarajevo explain how residents came to own power plants "
            "and shape climate plans, and what it took to keep them involved."
        ),
        "topics": ["energy-communities", "citizen-assemblies", "citizen-engagement"],
        "in_days": 49,
        "minutes": 90,
        "timezone": "Europe/Sofia",
        "speakers": [
            {"name": "Energy community coordinator", "organisation": "Municipality of Gabrovo"},
            {"name": "CER Help Desk manager", "organisation": "City of Turin"},
            {"name": "Citizen assembly facilitator", "organisation": "City of Sarajevo"},
        ],
        "agenda": [
            {"time": T(11, 0), "title": "Setting up a citizen-run energy community"},
            {"time": T(11, 30), "title": "A help desk that matches roofs, people and money"},
            {"time": T(12, 0), "title": "From assembly proposals to council decisions"},
        ],
        "registration_url": "https://example.org/webinars/energy-communities",
    },
]
