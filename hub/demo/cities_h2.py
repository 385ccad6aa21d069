"""H2 Twin Cities participants (shared seeds 000 and 001, plus public knowledge).

Only facts we are confident about are stated; where a city has no published
climate-neutrality year we leave the field empty rather than guess.
"""

H2 = "h2-twin-cities"
SISTERS = "smart-sister-cities"

CITIES = [
    {
        "slug": "lancaster",
        "title": "Lancaster",
        "country": "US",
        "population": 170_000,
        "target_year": None,
        "maturity": "piloting",
        "latitude": "34.686800",
        "longitude": "-118.154200",
        "programmes": [H2, SISTERS],
        "summary": (
            "A city in California's Antelope Valley that made solar power and hydrogen part "
            "of its civic identity and signed the first Smart Sister Cities agreement."
        ),
        "topics": ["hydrogen-production", "renewable-energy", "policy-advocacy"],
        "actions": [
            {
                "title": "Smart Sister Cities with Namie",
                "summary": (
                    "In 2021 Lancaster's mayor and Japan's Consul General in Los Angeles "
                    "signed a memorandum to work with Namie on hydrogen production, storage, "
                    "delivery and use in city facilities and neighbourhoods."
                ),
                "topics": ["hydrogen-production", "hydrogen-storage-distribution"],
            },
            {
                "title": "Waste-to-hydrogen partnership",
                "summary": (
                    "The city agreed in 2020 to host a plant that would gasify recycled paper "
                    "waste into hydrogen, pairing waste policy with clean fuel."
                ),
                "topics": ["hydrogen-production", "waste-management"],
            },
            {
                "title": "Solar on every new home",
                "summary": (
                    "Lancaster was among the first US cities to require solar panels on new "
                    "houses, building a base of local renewable power."
                ),
                "topics": ["renewable-energy"],
            },
        ],
        "offers": ["hydrogen-production", "renewable-energy", "policy-advocacy"],
        "needs": [
            "eu-funding",
            "hydrogen-refuelling",
            "hydrogen-safety",
            "permitting",
            "community-acceptance",
        ],
        "motivation": (
            "Lancaster wants more towns to join the Smart Sister Cities movement. Its leaders "
            "argue that no single city can solve climate change and that public funding and "
            "engagement at every level of government are what unlock hydrogen."
        ),
    },
    {
        "slug": "namie",
        "title": "Namie",
        "country": "JP",
        "population": 2_000,
        "target_year": 2050,
        "maturity": "piloting",
        "latitude": "37.493600",
        "longitude": "140.992000",
        "programmes": [H2, SISTERS],
        "summary": (
            "A coastal town in Fukushima Prefecture, rebuilding after the 2011 disaster, that "
            "hosts one of the world's largest solar-powered electrolysers."
        ),
        "topics": ["hydrogen-production", "renewable-energy", "community-acceptance"],
        "actions": [
            {
                "title": "Fukushima Hydrogen Energy Research Field",
                "summary": (
                    "Opened in 2020, the site splits water with a 10 MW electrolyser fed by "
                    "a 20 MW solar farm, testing how renewable hydrogen can balance the grid."
                ),
                "topics": ["hydrogen-production", "renewable-energy"],
            },
            {
                "title": "Hydrogen in the town's recovery",
                "summary": (
                    "Namie aims to use locally made hydrogen in public facilities, transport "
                    "and homes, so that the new energy industry helps bring residents back."
                ),
                "topics": ["hydrogen-buildings", "hydrogen-storage-distribution"],
            },
        ],
        "offers": ["hydrogen-production", "renewable-energy"],
        "needs": [
            "hydrogen-buildings",
            "hydrogen-refuelling",
            "hydrogen-trucks",
            "community-acceptance",
            "workforce-skills",
        ],
        "motivation": (
            "Namie's mayor sees each partner using its own resources to advance hydrogen "
            "from production to use, following a roadmap that brings both economic "
            "development and social progress to a town that is starting again."
        ),
    },
    {
        "slug": "hawaii-county",
        "title": "Hawaiʻi County",
        "country": "US",
        "population": 205_000,
        "target_year": 2045,
        "maturity": "planning",
        "latitude": "19.729700",
        "longitude": "-155.090000",
        "programmes": [H2],
        "summary": (
            "The Big Island of Hawaiʻi, where imported fuel is expensive and storms and lava "
            "can cut supply, looks to local renewable hydrogen for resilience."
        ),
        "topics": ["renewable-energy", "hydrogen-production", "climate-adaptation"],
        "actions": [
            {
                "title": "Hydrogen research at Kona",
                "summary": (
                    "Research partners at the Natural Energy Laboratory of Hawaii Authority "
                    "in Kona have produced hydrogen and tested fuel cell vehicles on the island."
                ),
                "topics": ["hydrogen-production", "hydrogen-buses"],
            },
            {
                "title": "Towards 100% renewable power",
                "summary": (
                    "State law sets a goal of fully renewable electricity by 2045, and the "
                    "island already draws on geothermal, wind, solar and hydro."
                ),
                "topics": ["renewable-energy", "policy-advocacy"],
            },
        ],
        "offers": ["renewable-energy", "hydrogen-production"],
        "needs": [
            "hydrogen-buildings",
            "hydrogen-storage-distribution",
            "hydrogen-refuelling",
            "climate-adaptation",
            "community-acceptance",
        ],
        "motivation": (
            "An island cannot borrow power from its neighbours. Hawaiʻi County wants to learn "
            "from cities that run hydrogen in buses and critical buildings how to keep "
            "services going when supply is cut."
        ),
    },
    {
        "slug": "aberdeen",
        "title": "Aberdeen",
        "country": "GB",
        "population": 225_000,
        "target_year": 2045,
        "maturity": "scaling",
        "latitude": "57.149700",
        "longitude": "-2.094300",
        "programmes": [H2],
        "summary": (
            "Scotland's energy city has run hydrogen buses since 2015 and is moving its "
            "oil and gas skills into renewable hydrogen."
        ),
        "topics": ["hydrogen-buses", "hydrogen-refuelling", "workforce-skills"],
        "actions": [
            {
                "title": "A decade of hydrogen buses",
                "summary": (
                    "Ten fuel cell buses entered service in 2015, among the first fleets in "
                    "Europe, and fifteen hydrogen double-deckers followed in 2020 and 2021."
                ),
                "topics": ["hydrogen-buses", "public-transport"],
            },
            {
                "title": "Public refuelling stations",
                "summary": (
                    "City stations refuel buses, council vans and cars, giving Aberdeen years "
                    "of experience with hydrogen safety and operations."
                ),
                "topics": ["hydrogen-refuelling", "hydrogen-safety"],
            },
            {
                "title": "Aberdeen Hydrogen Hub",
                "summary": (
                    "The council chose a private partner in a joint venture to produce "
                    "renewable hydrogen at scale for transport, heat and export."
                ),
                "topics": ["hydrogen-production", "public-private-partnerships"],
            },
        ],
        "offers": [
            "hydrogen-buses",
            "hydrogen-refuelling",
            "hydrogen-safety",
            "permitting",
            "public-private-partnerships",
        ],
        "needs": ["hydrogen-trucks", "hydrogen-ports", "just-transition", "workforce-skills"],
        "motivation": (
            "Aberdeen wants to share what a decade of running hydrogen buses taught it, and "
            "to learn how others use hydrogen in freight and ports while giving energy "
            "workers a fair path into new jobs."
        ),
    },
    {
        "slug": "kobe",
        "title": "Kobe",
        "country": "JP",
        "population": 1_500_000,
        "target_year": 2050,
        "maturity": "scaling",
        "latitude": "34.690100",
        "longitude": "135.195500",
        "programmes": [H2],
        "summary": (
            "A port city where liquefied hydrogen arrives by ship and a hydrogen turbine has "
            "supplied heat and power to public buildings."
        ),
        "topics": ["hydrogen-ports", "hydrogen-storage-distribution", "hydrogen-buildings"],
        "actions": [
            {
                "title": "Hydrogen-fired heat and power on Port Island",
                "summary": (
                    "In 2018 a gas turbine running on hydrogen alone supplied heat and "
                    "electricity to nearby public facilities, a first in a city setting."
                ),
                "topics": ["hydrogen-buildings", "district-heating"],
            },
            {
                "title": "Liquefied hydrogen terminal",
                "summary": (
                    "The Hy touch Kobe terminal received the first shipment of liquefied "
                    "hydrogen from Australia in 2022, carried by the Suiso Frontier."
                ),
                "topics": ["hydrogen-ports", "hydrogen-storage-distribution"],
            },
        ],
        "offers": ["hydrogen-ports", "hydrogen-storage-distribution", "hydrogen-buildings"],
        "needs": [
            "hydrogen-buses",
            "hydrogen-trucks",
            "hydrogen-refuelling",
            "community-acceptance",
        ],
        "motivation": (
            "Kobe has the supply end of a hydrogen economy and wants to grow demand in the "
            "city: buses, trucks and refuelling, with residents on board."
        ),
    },
    {
        "slug": "houston",
        "title": "Houston",
        "country": "US",
        "population": 2_300_000,
        "target_year": 2050,
        "maturity": "piloting",
        "latitude": "29.760400",
        "longitude": "-95.369800",
        "programmes": [H2],
        "summary": (
            "The centre of the Gulf Coast's refining and chemical industry, which already "
            "makes and pipes large volumes of hydrogen, now aims to make it clean."
        ),
        "topics": ["hydrogen-industry", "hydrogen-storage-distribution", "just-transition"],
        "actions": [
            {
                "title": "HyVelocity Hub",
                "summary": (
                    "In 2023 the US Department of Energy selected the Gulf Coast hub for up "
                    "to 1.2 billion dollars of federal funding for clean hydrogen production "
                    "and use."
                ),
                "topics": ["hydrogen-production", "hydrogen-industry", "eu-funding"],
            },
            {
                "title": "Climate Action Plan",
                "summary": (
                    "The city's plan, adopted in 2020, aims for carbon neutrality by 2050 "
                    "across transport, energy, buildings and materials."
                ),
                "topics": ["climate-city-contract"],
            },
        ],
        "offers": ["hydrogen-industry", "hydrogen-storage-distribution", "hydrogen-production"],
        "needs": [
            "hydrogen-trucks",
            "hydrogen-ports",
            "just-transition",
            "community-acceptance",
        ],
        "motivation": (
            "Houston knows industrial hydrogen well but wants to learn how other cities "
            "bring it into trucks and ports and how they earn the trust of neighbourhoods "
            "that live beside industry."
        ),
    },
    {
        "slug": "nuevo-leon",
        "title": "Nuevo León",
        "country": "MX",
        "population": 5_800_000,
        "target_year": None,
        "maturity": "exploring",
        "latitude": "25.686600",
        "longitude": "-100.316100",
        "programmes": [H2],
        "summary": (
            "A northern Mexican state whose capital, Monterrey, is home to steel, cement and "
            "glass makers and sits on a busy freight corridor to the United States."
        ),
        "topics": ["hydrogen-industry", "industrial-decarbonisation", "hydrogen-trucks"],
        "actions": [
            {
                "title": "Exploring hydrogen for heavy industry",
                "summary": (
                    "State agencies and industry look at low-carbon hydrogen for high-heat "
                    "processes that electricity alone struggles to serve."
                ),
                "topics": ["hydrogen-industry", "industrial-decarbonisation"],
            },
            {
                "title": "Cleaner air on the freight corridor",
                "summary": (
                    "Heavy trucks shape air quality in the Monterrey metropolitan area, making "
                    "cleaner freight a public health question as well as a climate one."
                ),
                "topics": ["hydrogen-trucks", "sustainable-mobility"],
            },
        ],
        "offers": ["industrial-decarbonisation", "public-private-partnerships"],
        "needs": [
            "hydrogen-industry",
            "hydrogen-production",
            "hydrogen-trucks",
            "permitting",
            "hydrogen-safety",
            "workforce-skills",
        ],
        "motivation": (
            "Nuevo León is at the start of its hydrogen path and is looking for a mentor city "
            "that has already permitted, financed and run hydrogen projects for industry and "
            "freight."
        ),
    },
]
