"""Business cases, each under its city.

Figures follow one rule: a key figure either comes from a public source named in
`sources`, or the case is marked illustrative and its summary says the numbers are a
worked example. Where we were not sure of a real project's numbers we left the fields
empty and told the story in words instead of guessing.
"""

from decimal import Decimal

CASES = [
    {
        "city": "aberdeen",
        "slug": "hydrogen-double-deck-buses",
        "title": "Hydrogen double-deck buses",
        "application": "bus-fleet",
        "status": "operating",
        "summary": (
            "After running single-deck fuel cell buses from 2015, Aberdeen put fifteen "
            "hydrogen double-deckers on its streets in 2020 and 2021, the first of their kind "
            "in regular service."
        ),
        "topics": ["hydrogen-buses", "public-transport", "hydrogen-refuelling", "eu-funding"],
        "units": 15,
        "funding_mix": [
            {"funder": "EU Fuel Cells and Hydrogen Joint Undertaking (JIVE)", "kind": "grant"},
            {"funder": "Aberdeen City Council", "kind": "municipal"},
        ],
        "tour": [
            {
                "title": "The depot",
                "text": (
                    "Buses return to the depot each evening, where technicians trained on "
                    "high-voltage and hydrogen systems check them before the next day."
                ),
            },
            {
                "title": "The refuelling station",
                "text": (
                    "A bus fills its tanks in minutes, much like a diesel bus, which let the "
                    "operator keep its timetables and routes unchanged."
                ),
            },
            {
                "title": "On the road",
                "text": (
                    "Passengers ride a quiet double-decker whose only tailpipe emission is "
                    "water vapour."
                ),
            },
        ],
        "lessons_learned": (
            "<ul>"
            "<li>A first small fleet built the skills, safety routines and public trust "
            "that made the larger second order possible.</li>"
            "<li>Bus availability depends as much on spare parts and trained technicians as "
            "on the vehicles themselves.</li>"
            "<li>Sharing a station between buses and other fleets spreads its cost and keeps "
            "demand steady.</li>"
            "</ul>"
        ),
        "sources": [
            {
                "title": "Hydrogen bus and refuelling programme",
                "publisher": "Aberdeen City Council",
                "year": 2021,
                "url": "https://www.aberdeencity.gov.uk/",
            },
            {
                "title": "JIVE: Joint Initiative for hydrogen Vehicles across Europe",
                "publisher": "Clean Hydrogen Partnership",
                "year": 2021,
            },
        ],
    },
    {
        "city": "lancaster",
        "slug": "waste-to-hydrogen-plant",
        "title": "Waste-to-hydrogen plant",
        "application": "production",
        "status": "planned",
        "summary": (
            "A plant announced in 2020 would turn recycled paper waste into hydrogen using "
            "high-temperature gasification, with the city as partner and future customer."
        ),
        "topics": ["hydrogen-production", "waste-management", "public-private-partnerships"],
        "hydrogen_kg_per_day": Decimal("11000"),
        "funding_mix": [
            {"funder": "Project developer", "kind": "private"},
        ],
        "tour": [
            {
                "title": "Feedstock",
                "text": (
                    "Paper and other waste that is hard to recycle arrives instead of going "
                    "to landfill, around 42,000 tonnes a year at full capacity."
                ),
            },
            {
                "title": "Gasifier",
                "text": (
                    "A very hot plasma-enhanced process breaks the waste into a gas rich in "
                    "hydrogen, which is then separated and purified."
                ),
            },
        ],
        "lessons_learned": (
            "<ul>"
            "<li>A city can de-risk a first plant by offering a site and committing to buy "
            "part of its output.</li>"
            "<li>Announced capacity is not delivered capacity: agree milestones and public "
            "reporting before construction starts.</li>"
            "</ul>"
        ),
        "sources": [
            {
                "title": "Announcement of the Lancaster green hydrogen production facility",
                "publisher": "SGH2 Energy and City of Lancaster",
                "year": 2020,
            },
        ],
    },
    {
        "city": "namie",
        "slug": "solar-powered-electrolyser",
        "title": "Solar-powered electrolyser at FH2R",
        "application": "production",
        "status": "operating",
        "summary": (
            "A national research site in Namie makes hydrogen with a 10 MW electrolyser "
            "running on a 20 MW solar farm, testing how flexible hydrogen production can "
            "soak up surplus renewable power."
        ),
        "topics": ["hydrogen-production", "renewable-energy", "hydrogen-storage-distribution"],
        "funding_mix": [
            {"funder": "NEDO (Japanese national research agency)", "kind": "grant"},
            {"funder": "Industrial partners", "kind": "private"},
        ],
        "tour": [
            {
                "title": "The solar field",
                "text": (
                    "Rows of panels feed the electrolyser directly, together with power "
                    "from the grid when needed."
                ),
            },
            {
                "title": "The electrolyser hall",
                "text": (
                    "Water is split into hydrogen and oxygen; the output follows the weather "
                    "and the needs of the grid."
                ),
            },
            {
                "title": "Storage and delivery",
                "text": (
                    "Hydrogen is stored on site and delivered in cylinders and tube trailers "
                    "to users in the region."
                ),
            },
        ],
        "lessons_learned": (
            "<ul>"
            "<li>Running an electrolyser on variable solar power is possible, but the cost "
            "per kilogram depends on how many hours it runs.</li>"
            "<li>A large research plant puts a small town on the map and draws new "
            "industry and visitors.</li>"
            "</ul>"
        ),
        "sources": [
            {
                "title": "Fukushima Hydrogen Energy Research Field opening",
                "publisher": "NEDO",
                "year": 2020,
            },
        ],
    },
    {
        "city": "kobe",
        "slug": "liquefied-hydrogen-terminal",
        "title": "Liquefied hydrogen receiving terminal",
        "application": "port",
        "status": "completed",
        "summary": (
            "A pilot supply chain shipped liquefied hydrogen from Australia to a terminal in "
            "Kobe's port, showing that hydrogen can be traded across oceans."
        ),
        "topics": ["hydrogen-ports", "hydrogen-storage-distribution", "hydrogen-safety"],
        "funding_mix": [
            {"funder": "NEDO (Japanese national research agency)", "kind": "grant"},
            {"funder": "Industry consortium", "kind": "private"},
        ],
        "tour": [
            {
                "title": "The ship",
                "text": (
                    "The Suiso Frontier carries hydrogen cooled to about minus 253 °C in an "
                    "insulated tank."
                ),
            },
            {
                "title": "The terminal",
                "text": (
                    "At the quay the cargo is unloaded into an onshore storage tank, ready to "
                    "be sent on by road."
                ),
            },
        ],
        "lessons_learned": (
            "<ul>"
            "<li>Port authorities, fire services and coast guard need to be involved from "
            "design onwards: the rules for a new cargo are written as the project goes.</li>"
            "<li>A pilot at small scale reveals the practical problems, such as boil-off and "
            "loading times, before investors commit to a full-size chain.</li>"
            "</ul>"
        ),
        "sources": [
            {
                "title": "First liquefied hydrogen shipment unloaded in Kobe",
                "publisher": "HySTRA",
                "year": 2022,
            },
        ],
    },
    {
        "city": "houston",
        "slug": "hydrogen-drayage-trucks",
        "title": "Hydrogen drayage trucks for port terminals",
        "application": "trucks",
        "status": "concept",
        "is_illustrative": True,
        "summary": (
            "Illustrative figures: a worked example of twenty fuel cell trucks moving "
            "containers between port terminals and warehouses, with their own refuelling "
            "station."
        ),
        "topics": ["hydrogen-trucks", "hydrogen-refuelling", "hydrogen-ports", "just-transition"],
        "capital_cost": Decimal("14000000"),
        "annual_operating_cost": Decimal("1800000"),
        "currency": "USD",
        "price_year": 2025,
        "units": 20,
        "hydrogen_kg_per_day": Decimal("500"),
        "co2e_avoided_tonnes_per_year": Decimal("1800"),
        "funding_mix": [
            {"funder": "Federal clean vehicle grant", "kind": "grant", "share_percent": 50},
            {"funder": "Truck fleet operators", "kind": "private", "share_percent": 35},
            {"funder": "Regional air quality programme", "kind": "grant", "share_percent": 15},
        ],
        "tour": [
            {
                "title": "Terminal gate",
                "text": (
                    "Trucks make short, repeated trips, which suits a fleet that returns to "
                    "one station every day."
                ),
            },
            {
                "title": "Station",
                "text": (
                    "A station sized for 500 kg a day fills each truck in about fifteen "
                    "minutes between shifts."
                ),
            },
        ],
        "lessons_learned": (
            "<p>Assumptions: trucks at about 500,000 dollars each, a 4 million dollar "
            "station, 25 kg of hydrogen per truck per day at 10 dollars a kilogram, and "
            "diesel trucks of similar duty replaced.</p>"
            "<ul>"
            "<li>At that hydrogen price the fleet costs more to run than diesel, so grants or "
            "a low-carbon fuel credit decide whether the case works.</li>"
            "<li>The benefit falls first on neighbourhoods along the truck routes, which is "
            "worth measuring and telling them about.</li>"
            "</ul>"
        ),
        "sources": [],
    },
    {
        "city": "hawaii-county",
        "slug": "hospital-fuel-cell-backup",
        "title": "Fuel cell backup power for a rural hospital",
        "application": "hospital",
        "status": "concept",
        "is_illustrative": True,
        "summary": (
            "Illustrative figures: a worked example of replacing a hospital's diesel "
            "generators with fuel cells and three days of stored hydrogen, so the hospital "
            "keeps running when storms or lava cut the grid."
        ),
        "topics": ["hydrogen-buildings", "climate-adaptation", "hydrogen-storage-distribution"],
        "capital_cost": Decimal("3000000"),
        "annual_operating_cost": Decimal("60000"),
        "currency": "USD",
        "price_year": 2025,
        "units": 2,
        "hydrogen_kg_per_day": Decimal("430"),
        "co2e_avoided_tonnes_per_year": Decimal("20"),
        "funding_mix": [
            {"funder": "Federal resilience grant", "kind": "grant", "share_percent": 60},
            {"funder": "County capital budget", "kind": "municipal", "share_percent": 25},
            {"funder": "Hospital foundation", "kind": "other", "share_percent": 15},
        ],
        "tour": [
            {
                "title": "Fuel cell room",
                "text": (
                    "Two 200 kW fuel cell units sit where the diesel generators used to be and "
                    "take over critical loads within seconds of an outage."
                ),
            },
            {
                "title": "Hydrogen store",
                "text": (
                    "About 1,300 kg of hydrogen kept on site covers three days at 300 kW, "
                    "the hospital's essential load."
                ),
            },
        ],
        "lessons_learned": (
            "<p>Assumptions: 3,000 dollars per kW of fuel cells, 1,000 dollars per kg of "
            "storage, about 500,000 dollars of integration, 430 kg a day used only during "
            "an outage, and emissions avoided from the diesel generators' monthly tests.</p>"
            "<ul>"
            "<li>This is a resilience case, not a savings case: it is judged on hours of "
            "care kept going, so there is no payback figure.</li>"
            "<li>Storage sizing drives the cost; agree the outage to plan for with the "
            "emergency services first.</li>"
            "</ul>"
        ),
        "sources": [],
    },
    {
        "city": "nuevo-leon",
        "slug": "industrial-park-electrolyser",
        "title": "Electrolyser for an industrial park's furnaces",
        "application": "industry",
        "status": "concept",
        "is_illustrative": True,
        "summary": (
            "Illustrative figures: a worked example of a 5 MW electrolyser supplying "
            "hydrogen to replace part of the natural gas burned in an industrial park's "
            "furnaces near Monterrey."
        ),
        "topics": ["hydrogen-industry", "hydrogen-production", "industrial-decarbonisation"],
        "capital_cost": Decimal("270000000"),
        "annual_operating_cost": Decimal("42000000"),
        "currency": "MXN",
        "price_year": 2025,
        "units": 1,
        "hydrogen_kg_per_day": Decimal("1750"),
        "co2e_avoided_tonnes_per_year": Decimal("4000"),
        "funding_mix": [
            {"funder": "Park tenants", "kind": "private", "share_percent": 50},
            {"funder": "Development bank loan", "kind": "loan", "share_percent": 40},
            {"funder": "State government", "kind": "grant", "share_percent": 10},
        ],
        "tour": [
            {
                "title": "Electrolyser and compression",
                "text": (
                    "A containerised 5 MW electrolyser runs on contracted solar and wind "
                    "power and feeds a small buffer store."
                ),
            },
            {
                "title": "Furnace burners",
                "text": (
                    "Retrofitted burners take a blend of hydrogen and natural gas, so the "
                    "plant keeps running when the electrolyser is down."
                ),
            },
        ],
        "lessons_learned": (
            "<p>Assumptions: 80% load factor, 55 kWh of electricity per kg of hydrogen, "
            "prices converted at 18 pesos to the dollar, and natural gas replaced at 0.2 "
            "tonnes of CO₂ per MWh.</p>"
            "<ul>"
            "<li>At today's gas prices hydrogen heat costs several times more, so without a "
            "carbon price or buyers paying for green products there is no payback.</li>"
            "<li>Start with processes that need clean heat for export customers: they are "
            "the first willing to pay.</li>"
            "</ul>"
        ),
        "sources": [],
    },
]
