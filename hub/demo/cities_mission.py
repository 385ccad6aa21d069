"""The 16 Mission Cities of the 2025 Twinning Learning Programme call.

Facts come from the call (shared seed 003): each city's climate actions (what it can
share), its challenges and what it hopes to gain. Population and coordinates are rounded
public figures. Mission Cities aim for climate neutrality by 2030. Every sentence here is
written for TwinHub.
"""

PROGRAMMES = ["twinning-learning-programme"]

CITIES = [
    {
        "slug": "aachen",
        "title": "Aachen",
        "country": "DE",
        "population": 250_000,
        "target_year": 2030,
        "maturity": "piloting",
        "latitude": "50.775300",
        "longitude": "6.083900",
        "summary": (
            "A university city on Germany's western border that steers its climate work "
            "through a dedicated agency and brings residents in with games and matching tools."
        ),
        "topics": ["climate-governance", "citizen-engagement", "green-procurement"],
        "actions": [
            {
                "title": "Klima Plus and tools for 1.5° lifestyles",
                "summary": (
                    "Aachen's agency for climate, energy and sustainability, Klima Plus, "
                    "coordinates work across sectors. Residents take part through the “Next "
                    "Level” serious game and the KlimaMatch platform, both built in the CoLAB "
                    "project to encourage everyday changes and involvement in the Climate "
                    "City Contract."
                ),
                "topics": ["climate-governance", "climate-communication", "behaviour-change"],
            },
            {
                "title": "Governance for the implementation phase",
                "summary": (
                    "New roles and clearer expectations let departments work on the Climate "
                    "City Contract together, sharing ownership of a common vision instead of "
                    "handing tasks from one office to the next."
                ),
                "topics": ["climate-governance", "climate-city-contract"],
            },
            {
                "title": "Green procurement pilots (GRIP)",
                "summary": (
                    "The city runs pilot tenders and is co-writing a peer-reviewed toolkit so "
                    "that other Mission Cities can buy greener goods and services."
                ),
                "topics": ["green-procurement"],
            },
        ],
        "offers": [
            "climate-governance",
            "climate-communication",
            "behaviour-change",
            "green-procurement",
            "climate-city-contract",
        ],
        "needs": [
            "climate-finance",
            "public-private-partnerships",
            "eu-funding",
            "monitoring-evaluation",
            "stakeholder-engagement",
        ],
        "motivation": (
            "Aachen believes cities understand each other's situations best and can offer "
            "answers that work in practice. It wants to adopt proven tools, sharpen its "
            "strategy and grow its capacity in governance, partner engagement and finance. "
            "An earlier pilot exchange with Jyväskylä and Vilnius was very useful and "
            "convinced the city that peer learning speeds things up."
        ),
    },
    {
        "slug": "bristol",
        "title": "Bristol",
        "country": "GB",
        "population": 470_000,
        "target_year": 2030,
        "maturity": "piloting",
        "latitude": "51.454500",
        "longitude": "-2.587900",
        "summary": (
            "A port city in south-west England that pairs large investment vehicles with "
            "climate plans written by its own neighbourhoods."
        ),
        "topics": ["climate-finance", "public-private-partnerships", "heat-pumps"],
        "actions": [
            {
                "title": "Green Growth West Fund",
                "summary": (
                    "An impact investment fund that aims to reach about €120 million, most of "
                    "it from private investors, to back local climate projects."
                ),
                "topics": ["climate-finance"],
            },
            {
                "title": "Community climate action plans",
                "summary": (
                    "Seventeen plans have been drawn up by community groups themselves, "
                    "setting out what each neighbourhood will do and what it needs funded."
                ),
                "topics": ["citizen-engagement", "just-transition"],
            },
            {
                "title": "A joint venture with private partners",
                "summary": (
                    "Through the City Leap joint venture the council and private companies "
                    "aim to mobilise more than €1 billion of public and private investment "
                    "in low-carbon energy."
                ),
                "topics": ["public-private-partnerships", "climate-finance"],
            },
        ],
        "offers": [
            "climate-finance",
            "public-private-partnerships",
            "citizen-engagement",
            "climate-city-contract",
        ],
        "needs": [
            "heat-pumps",
            "just-transition",
            "climate-finance",
            "community-acceptance",
            "citizen-engagement",
        ],
        "motivation": (
            "The Pilot Cities Programme helped Bristol turn good ideas into working projects, "
            "and it wants other cities to benefit from that. There is still a long way to go: "
            "money and community backing for its Climate City Contract are the hardest parts, "
            "and it hopes to learn how others built confidence in heat pumps and reached "
            "marginalised residents."
        ),
    },
    {
        "slug": "bucharest-sector-2",
        "title": "Bucharest Sector 2",
        "country": "RO",
        "population": 350_000,
        "target_year": 2030,
        "maturity": "piloting",
        "latitude": "44.452000",
        "longitude": "26.133000",
        "summary": (
            "The 2nd District of Bucharest regenerates neglected land with residents, builds "
            "near-zero-energy homes for young people and upgrades its schools."
        ),
        "topics": ["participatory-design", "nzeb-housing", "youth-education"],
        "actions": [
            {
                "title": "UrbanWise and ReGreeneration pilots",
                "summary": (
                    "Under-used plots become green, welcoming and resilient public spaces, "
                    "designed together with the people who will use them."
                ),
                "topics": ["participatory-design", "urban-greening", "climate-adaptation"],
            },
            {
                "title": "nZEB Plus homes for young residents",
                "summary": (
                    "New nearly zero-energy housing for young people is designed to use a "
                    "fifth less energy than current building rules demand."
                ),
                "topics": ["nzeb-housing", "just-transition"],
            },
            {
                "title": "Climate-ready schools",
                "summary": (
                    "Fifty-six schools have been upgraded, and pupils take part in climate "
                    "lessons, awareness campaigns and co-creation workshops."
                ),
                "topics": ["public-buildings", "youth-education", "building-renovation"],
            },
        ],
        "offers": [
            "participatory-design",
            "nzeb-housing",
            "youth-education",
            "public-buildings",
            "urban-greening",
        ],
        "needs": [
            "behaviour-change",
            "climate-finance",
            "public-private-partnerships",
            "monitoring-evaluation",
            "data-platforms",
            "stakeholder-engagement",
        ],
        "motivation": (
            "The district wants a Twin City's view on how well its regeneration, housing and "
            "school projects work. Its open questions are lasting behaviour change among "
            "hard-to-reach groups, ways to finance more nZEB homes, and district-level data "
            "that can guide decisions."
        ),
    },
    {
        "slug": "eindhoven-helmond",
        "title": "Eindhoven-Helmond",
        "country": "NL",
        "population": 340_000,
        "target_year": 2030,
        "maturity": "planning",
        "latitude": "51.441600",
        "longitude": "5.469700",
        "summary": (
            "Two neighbouring Brabant cities that tackle the emissions hidden in what they "
            "build and buy, starting with biobased construction."
        ),
        "topics": ["scope-3-emissions", "low-carbon-construction", "circular-economy"],
        "actions": [
            {
                "title": "A supply chain for biobased building",
                "summary": (
                    "The cities work with suppliers and contractors to scale construction "
                    "with plant-based materials from a niche to the normal way of building."
                ),
                "topics": ["low-carbon-construction", "scope-3-emissions"],
            },
            {
                "title": "Circular rules for plans and business parks",
                "summary": (
                    "Circular economy requirements are written into spatial plans and applied "
                    "on industrial sites."
                ),
                "topics": ["circular-economy", "industrial-decarbonisation"],
            },
            {
                "title": "Value-based building",
                "summary": (
                    "Projects count benefits that rarely appear in a budget, such as better "
                    "health and carbon credits from stored carbon, when comparing designs."
                ),
                "topics": ["low-carbon-construction", "climate-finance"],
            },
        ],
        "offers": ["low-carbon-construction", "circular-economy", "scope-3-emissions"],
        "needs": [
            "climate-finance",
            "regulatory-barriers",
            "stakeholder-engagement",
            "workforce-skills",
        ],
        "motivation": (
            "Close to two thirds of the area's emissions are Scope 3. Because the cities are "
            "growing fast, storing carbon in biobased buildings could become a major lever, "
            "but they still need a way to put a value on it and strategies for both delivery "
            "and financing."
        ),
    },
    {
        "slug": "elbasan",
        "title": "Elbasan",
        "country": "AL",
        "population": 120_000,
        "target_year": 2030,
        "maturity": "planning",
        "latitude": "41.112500",
        "longitude": "20.082200",
        "summary": (
            "A central Albanian city turning its old metallurgical zone green while it "
            "launches home retrofits and reuses greywater."
        ),
        "topics": ["industrial-decarbonisation", "one-stop-shop", "water-management"],
        "actions": [
            {
                "title": "A green future for the Metallurgical Zone",
                "summary": (
                    "The former industrial area is the focus of green technologies and "
                    "circular practices meant to bring new, cleaner economic activity."
                ),
                "topics": ["industrial-decarbonisation", "circular-economy"],
            },
            {
                "title": "Retrofit one-stop shop",
                "summary": (
                    "Home owners get a single place to plan and carry out energy renovation "
                    "of residential buildings."
                ),
                "topics": ["one-stop-shop", "building-renovation"],
            },
            {
                "title": "Greywater for green spaces",
                "summary": (
                    "Treated greywater waters parks and planting, lowering demand for drinking "
                    "water and making the city better able to cope with a hotter climate."
                ),
                "topics": ["water-management", "climate-adaptation"],
            },
        ],
        "offers": ["one-stop-shop", "water-management", "industrial-decarbonisation"],
        "needs": [
            "climate-communication",
            "eu-funding",
            "regulatory-barriers",
            "workforce-skills",
            "stakeholder-engagement",
            "renewable-energy",
        ],
        "motivation": (
            "Elbasan wants to adopt green technologies faster, bring residents, businesses "
            "and public agencies into its plans, and build technical know-how in the council, "
            "companies and schools. Seeing retrofits and water reuse that worked elsewhere "
            "would help it update planning rules and find funding."
        ),
    },
    {
        "slug": "gabrovo",
        "title": "Gabrovo",
        "country": "BG",
        "population": 50_000,
        "target_year": 2030,
        "maturity": "piloting",
        "latitude": "42.874200",
        "longitude": "25.318700",
        "summary": (
            "A Balkan mountain town with a pioneering energy community, data-driven green "
            "infrastructure and a planned carbon-neutral zone."
        ),
        "topics": ["energy-communities", "water-management", "building-renovation"],
        "actions": [
            {
                "title": "A citizen-run energy community",
                "summary": (
                    "Residents, small firms and NGOs produce solar power together. Gabrovo "
                    "worked out how to attract investors, sign contracts, take decisions in "
                    "a General Assembly and make public roofs and land available for panels."
                ),
                "topics": ["energy-communities", "renewable-energy", "citizen-engagement"],
            },
            {
                "title": "Mapping trees and harvesting rain",
                "summary": (
                    "In the Mount Resilience project the town mapped its urban tree cover and "
                    "is building a smart rainwater system to irrigate green areas."
                ),
                "topics": ["nature-based-solutions", "water-management", "data-platforms"],
            },
            {
                "title": "Carbon-neutral zone and deep renovation",
                "summary": (
                    "Public and multi-family buildings are audited and deeply renovated with "
                    "renewables and automation, forming a carbon-neutral district."
                ),
                "topics": ["building-renovation", "public-buildings", "renewable-energy"],
            },
        ],
        "offers": [
            "energy-communities",
            "renewable-energy",
            "water-management",
            "nature-based-solutions",
        ],
        "needs": [
            "regulatory-barriers",
            "low-carbon-construction",
            "climate-finance",
            "citizen-engagement",
            "data-platforms",
            "workforce-skills",
        ],
        "motivation": (
            "More than nine in ten buildings are privately owned and the population is "
            "ageing, so Gabrovo needs new ways to keep people involved and to fund "
            "renovation. It wants to learn how others scaled energy communities past legal "
            "hurdles, and to get outside feedback on its Climate City Contract."
        ),
    },
    {
        "slug": "ioannina",
        "title": "Ioannina",
        "country": "GR",
        "population": 115_000,
        "target_year": 2030,
        "maturity": "planning",
        "latitude": "39.665000",
        "longitude": "20.853700",
        "summary": (
            "A lakeside city in north-west Greece building five climate-neutral "
            "neighbourhoods and greener, walkable streets with its residents."
        ),
        "topics": ["low-emission-zones", "participatory-design", "youth-education"],
        "actions": [
            {
                "title": "Five climate-neutral zones",
                "summary": (
                    "Low and then zero emission zones are phased in across five "
                    "neighbourhoods, with the legal and planning method to limit traffic, "
                    "plus green corridors, shared renewables, walking areas and micromobility."
                ),
                "topics": ["low-emission-zones", "micromobility", "car-free-neighbourhoods"],
            },
            {
                "title": "Carbon-free schoolyards",
                "summary": (
                    "Pupils help redesign their schoolyards into green climate shelters built "
                    "with bioclimatic design and low-carbon materials."
                ),
                "topics": ["urban-greening", "youth-education", "participatory-design"],
            },
            {
                "title": "Vertical connections",
                "summary": (
                    "Pilot projects renew stairways and steep streets with planting and water "
                    "so that hilly neighbourhoods are easier to cross on foot or by scooter."
                ),
                "topics": ["sustainable-mobility", "nature-based-solutions"],
            },
        ],
        "offers": [
            "low-emission-zones",
            "participatory-design",
            "urban-greening",
            "youth-education",
        ],
        "needs": [
            "stakeholder-engagement",
            "climate-finance",
            "regulatory-barriers",
            "monitoring-evaluation",
            "data-platforms",
        ],
        "motivation": (
            "Ioannina wants to learn from first movers how they overcame legal, technical and "
            "financial obstacles, to share tools for tracking progress, and to pass what it "
            "learns on to the other Greek Mission Cities."
        ),
    },
    {
        "slug": "kozani",
        "title": "Kozani",
        "country": "GR",
        "population": 70_000,
        "target_year": 2030,
        "maturity": "planning",
        "latitude": "40.300700",
        "longitude": "21.788700",
        "summary": (
            "A city in Western Macedonia's lignite region planning how to cut all but a "
            "small residual share of its emissions."
        ),
        "topics": ["ghg-inventory", "monitoring-evaluation", "citizen-engagement"],
        "actions": [
            {
                "title": "A portfolio for the remaining emissions",
                "summary": (
                    "Kozani plans to remove its emissions apart from roughly a fifth that "
                    "remain residual, backed by inventories, monitoring and reduction "
                    "portfolios."
                ),
                "topics": ["ghg-inventory", "monitoring-evaluation", "climate-city-contract"],
            },
            {
                "title": "Interventions across sectors",
                "summary": (
                    "Planned measures cover energy efficiency, renewable power, urban mobility, "
                    "waste and the circular economy, and the use of resources."
                ),
                "topics": ["renewable-energy", "sustainable-mobility", "circular-economy"],
            },
        ],
        "offers": ["ghg-inventory", "monitoring-evaluation"],
        "needs": [
            "climate-finance",
            "eu-funding",
            "citizen-engagement",
            "stakeholder-engagement",
            "climate-communication",
        ],
        "motivation": (
            "The city's target depends on residents trusting it. Exchanging views and good "
            "practice with peers should help Kozani involve local stakeholders in every "
            "action it plans."
        ),
    },
    {
        "slug": "liberec",
        "title": "Liberec",
        "country": "CZ",
        "population": 105_000,
        "target_year": 2030,
        "maturity": "planning",
        "latitude": "50.767100",
        "longitude": "15.056200",
        "summary": (
            "A north Bohemian city that has made participation part of how every municipal "
            "department works."
        ),
        "topics": ["climate-governance", "citizen-engagement", "youth-education"],
        "actions": [
            {
                "title": "Participatory governance model",
                "summary": (
                    "Participation is written into municipal procedures and directives, so "
                    "every department involves residents rather than leaving it to one team."
                ),
                "topics": ["climate-governance", "citizen-engagement"],
            },
            {
                "title": "Climate education for young people",
                "summary": (
                    "Regular public education on climate topics focuses on children and young "
                    "people and helps them grow into climate leaders."
                ),
                "topics": ["youth-education", "climate-communication"],
            },
        ],
        "offers": ["climate-governance", "citizen-engagement", "youth-education"],
        "needs": [
            "energy-communities",
            "climate-finance",
            "public-private-partnerships",
            "stakeholder-engagement",
            "ghg-inventory",
        ],
        "motivation": (
            "As a Mission City, Liberec feels it should share what it knows across Europe. It "
            "also hopes to find a long-term partner city, beyond the Mission itself, facing "
            "similar barriers, so both can move faster."
        ),
    },
    {
        "slug": "padova",
        "title": "Padova",
        "country": "IT",
        "population": 210_000,
        "target_year": 2030,
        "maturity": "piloting",
        "latitude": "45.406400",
        "longitude": "11.876800",
        "summary": (
            "A Venetian university city with a public renovation one-stop shop, a climate "
            "living lab and crowdfunding for efficiency and solar."
        ),
        "topics": ["one-stop-shop", "crowdfunding", "stakeholder-engagement"],
        "actions": [
            {
                "title": "A publicly led renovation one-stop shop",
                "summary": (
                    "The shop encourages energy upgrades of public and private homes, helps "
                    "energy communities form, reaches energy-poor households and brings "
                    "energy service companies in through competitive tenders. It builds on "
                    "PadovaFIT Expanded and a CESF-funded study of a shop shared by several "
                    "cities."
                ),
                "topics": ["one-stop-shop", "building-renovation", "just-transition"],
            },
            {
                "title": "Climate living lab and Climate Agreements",
                "summary": (
                    "Local actors map barriers and opportunities, agree a decarbonisation "
                    "strategy with the city and confirm their commitment by signing Climate "
                    "Agreements."
                ),
                "topics": ["stakeholder-engagement", "participatory-design"],
            },
            {
                "title": "Crowdfunding efficiency and renewables",
                "summary": (
                    "Residents invest in efficiency and renewable energy for public and private "
                    "buildings. The European projects SUPERHEERO, for supermarkets, and RES "
                    "Padua, for sports centres, add experience to share."
                ),
                "topics": ["crowdfunding", "renewable-energy"],
            },
        ],
        "offers": [
            "one-stop-shop",
            "building-renovation",
            "crowdfunding",
            "stakeholder-engagement",
            "energy-communities",
        ],
        "needs": [
            "behaviour-change",
            "citizen-engagement",
            "climate-finance",
            "climate-governance",
            "district-heating",
        ],
        "motivation": (
            "Padova wants to compare notes with cities working on the same themes, widen its "
            "European network and bring concrete examples back to its decision makers. It "
            "is curious how others partnered with banks, kept climate governance steady "
            "across changes of administration, and run district heating."
        ),
    },
    {
        "slug": "reykjavik",
        "title": "Reykjavik",
        "country": "IS",
        "population": 140_000,
        "target_year": 2030,
        "maturity": "piloting",
        "latitude": "64.146600",
        "longitude": "-21.942600",
        "summary": (
            "Iceland's capital, heated by geothermal water, now works on how people travel "
            "through dark and stormy winters."
        ),
        "topics": ["sustainable-mobility", "behaviour-change", "car-free-neighbourhoods"],
        "actions": [
            {
                "title": "Sustainable neighbourhoods",
                "summary": (
                    "New districts are planned to be sustainable both environmentally and "
                    "socially, with travel and buildings considered together."
                ),
                "topics": ["car-free-neighbourhoods", "low-carbon-construction"],
            },
            {
                "title": "What changes how people travel",
                "summary": (
                    "The city studies the social and economic theory of change behind travel "
                    "habits and compares the environmental cost of parking solutions, "
                    "building materials and land use change."
                ),
                "topics": ["behaviour-change", "sustainable-mobility"],
            },
            {
                "title": "Geothermal district heating",
                "summary": (
                    "Almost every home is heated by a geothermal heat network, a long-standing "
                    "example of low-carbon heat at city scale."
                ),
                "topics": ["district-heating"],
            },
        ],
        "offers": ["district-heating", "car-free-neighbourhoods", "low-carbon-construction"],
        "needs": ["sustainable-mobility", "behaviour-change", "cycling"],
        "motivation": (
            "Reykjavik looks for partners that face the same obstacles to changing travel "
            "habits, such as darkness and harsh winter weather. It already works with Oslo and "
            "Stavanger and is twinned with Jakobstad through Pilot Project C3, and it expects "
            "to learn as much by sharing as by listening."
        ),
    },
    {
        "slug": "sarajevo",
        "title": "Sarajevo",
        "country": "BA",
        "population": 275_000,
        "target_year": 2030,
        "maturity": "piloting",
        "latitude": "43.856300",
        "longitude": "18.413100",
        "summary": (
            "A capital that put a citizen assembly and a multi-stakeholder platform at the "
            "centre of its climate plan."
        ),
        "topics": ["citizen-assemblies", "stakeholder-engagement", "participatory-design"],
        "actions": [
            {
                "title": "Net Zero Citizen Assembly",
                "summary": (
                    "Seventy residents chosen by lot shaped proposals on land use, adaptation, "
                    "mobility, air quality, efficient buildings and clean heating and cooling."
                ),
                "topics": ["citizen-assemblies", "citizen-engagement", "climate-adaptation"],
            },
            {
                "title": "A platform for the climate transition",
                "summary": (
                    "An Enterprise Alliance, a Civil Society Forum and talks with international "
                    "lenders give businesses, NGOs and the city a regular place to plan "
                    "decarbonisation together."
                ),
                "topics": ["stakeholder-engagement", "public-private-partnerships"],
            },
            {
                "title": "Green spaces designed with residents",
                "summary": (
                    "Community gardens, food forests and cooler microclimate areas are "
                    "co-designed with the people who will look after them."
                ),
                "topics": ["participatory-design", "nature-based-solutions", "urban-greening"],
            },
        ],
        "offers": [
            "citizen-assemblies",
            "stakeholder-engagement",
            "participatory-design",
            "nature-based-solutions",
        ],
        "needs": [
            "climate-governance",
            "participatory-budgeting",
            "climate-finance",
            "just-transition",
            "workforce-skills",
        ],
        "motivation": (
            "Sarajevo wants participation to outlast pilots: it asks how other cities made "
            "assemblies a permanent part of government, how they pay for engagement, and how "
            "to scale co-design while keeping it inclusive."
        ),
    },
    {
        "slug": "sofia",
        "title": "Sofia",
        "country": "BG",
        "population": 1_250_000,
        "target_year": 2030,
        "maturity": "planning",
        "latitude": "42.697700",
        "longitude": "23.321900",
        "summary": (
            "Bulgaria's capital renovates municipal buildings and manages their energy with "
            "automated systems."
        ),
        "topics": ["building-renovation", "energy-management", "public-buildings"],
        "actions": [
            {
                "title": "Energy renovation of municipal buildings",
                "summary": (
                    "Efficiency measures and solar or other renewables are installed step by "
                    "step under a phased investment plan, with campaigns that build lasting "
                    "habits among users."
                ),
                "topics": ["building-renovation", "public-buildings", "renewable-energy"],
            },
            {
                "title": "Energy management in municipal buildings",
                "summary": (
                    "Automated control of energy flows and devices cuts consumption and gives "
                    "managers data for their decisions."
                ),
                "topics": ["energy-management", "data-platforms"],
            },
        ],
        "offers": ["building-renovation", "public-buildings", "energy-management"],
        "needs": [
            "data-platforms",
            "cycling",
            "climate-governance",
            "regulatory-barriers",
            "stakeholder-engagement",
            "public-private-partnerships",
        ],
        "motivation": (
            "Old building standards, outdated meters and patchy coordination between levels "
            "of government slow Sofia down. It wants tested digital tools, models for working "
            "across departments, and ideas for fitting cycling into crowded streets."
        ),
    },
    {
        "slug": "stockholm",
        "title": "Stockholm",
        "country": "SE",
        "population": 990_000,
        "target_year": 2030,
        "maturity": "scaling",
        "latitude": "59.329300",
        "longitude": "18.068600",
        "summary": (
            "Sweden's capital brings a quarter of a century of climate work, from "
            "bio-energy heat with carbon capture to environment zones."
        ),
        "topics": ["district-heating", "carbon-capture", "low-emission-zones"],
        "actions": [
            {
                "title": "District heating with carbon capture",
                "summary": (
                    "Heat from biomass combined with carbon capture and storage is meant to "
                    "remove carbon from the air, giving the city negative emissions."
                ),
                "topics": ["district-heating", "carbon-capture"],
            },
            {
                "title": "Environment zones and parking policy",
                "summary": (
                    "Environment zones, parking limits and new green space clean the air and "
                    "make streets better places to be."
                ),
                "topics": ["low-emission-zones", "car-free-neighbourhoods", "urban-greening"],
            },
            {
                "title": "Stockholm Royal Seaport",
                "summary": (
                    "A new urban district used as a testing ground for solutions that can then "
                    "be scaled across the city."
                ),
                "topics": ["low-carbon-construction", "sustainable-mobility"],
            },
        ],
        "offers": [
            "district-heating",
            "carbon-capture",
            "low-emission-zones",
            "car-free-neighbourhoods",
            "low-carbon-construction",
        ],
        "needs": [
            "climate-finance",
            "citizen-engagement",
            "policy-advocacy",
            "climate-governance",
            "monitoring-evaluation",
        ],
        "motivation": (
            "Stockholm always needs to go faster. It names its gaps plainly: including "
            "citizens, measuring impact, internal governance and change, working with civil "
            "society and influencing national policy. In return it offers examples from 25 "
            "years of climate mitigation."
        ),
    },
    {
        "slug": "torino",
        "title": "Torino",
        "country": "IT",
        "population": 850_000,
        "target_year": 2030,
        "maturity": "piloting",
        "latitude": "45.070300",
        "longitude": "7.686900",
        "summary": (
            "Turin supports renewable energy communities through a help desk and works to "
            "turn new cycle paths and electric buses into new travel habits."
        ),
        "topics": ["energy-communities", "behaviour-change", "public-transport"],
        "actions": [
            {
                "title": "CER Help Desk for energy communities",
                "summary": (
                    "The city maps emerging renewable energy communities and runs a help desk, "
                    "online and in person, that gives advice and matches communities with "
                    "residents, funders and owners of roofs suitable for solar panels."
                ),
                "topics": ["energy-communities", "renewable-energy"],
            },
            {
                "title": "From investment to behaviour change",
                "summary": (
                    "Campaigns follow new cycle paths and electric buses to persuade people "
                    "to actually ride them."
                ),
                "topics": ["behaviour-change", "cycling", "public-transport"],
            },
        ],
        "offers": ["energy-communities", "public-transport", "cycling"],
        "needs": [
            "regulatory-barriers",
            "citizen-engagement",
            "behaviour-change",
            "public-buildings",
            "sustainable-mobility",
        ],
        "motivation": (
            "Turin sees collaboration as the way to reach its 2030 goals. It wants fresh "
            "views on the legal and technical barriers faced by energy communities that "
            "involve public bodies, lasting change in how people travel, and whether its help "
            "desk model can work elsewhere."
        ),
    },
    {
        "slug": "umea",
        "title": "Umeå",
        "country": "SE",
        "population": 130_000,
        "target_year": 2030,
        "maturity": "scaling",
        "latitude": "63.825800",
        "longitude": "20.263000",
        "summary": (
            "A fast-growing northern Swedish city with a local green deal, wide district "
            "heating and portfolio governance of its transition."
        ),
        "topics": ["district-heating", "climate-governance", "stakeholder-engagement"],
        "actions": [
            {
                "title": "Umeå Climate Roadmap",
                "summary": (
                    "A local green deal gathers companies and organisations around a shared "
                    "mission, unlocking private initiatives and investment and building "
                    "capacity together."
                ),
                "topics": ["stakeholder-engagement", "climate-city-contract"],
            },
            {
                "title": "District heating and recovered heat",
                "summary": (
                    "Six buildings in ten are on the heat network. A new facility removes "
                    "plastic from waste before it is burned, and the Hydrosym project pilots "
                    "recovering industrial heat for the network."
                ),
                "topics": ["district-heating", "waste-management", "circular-economy"],
            },
            {
                "title": "Portfolio governance",
                "summary": (
                    "Instead of a master plan, the city sets a common direction, makes "
                    "transition pathways visible and builds them into planning and budgets."
                ),
                "topics": ["climate-governance"],
            },
        ],
        "offers": [
            "district-heating",
            "waste-management",
            "climate-governance",
            "stakeholder-engagement",
        ],
        "needs": [
            "car-free-neighbourhoods",
            "sustainable-mobility",
            "just-transition",
            "citizen-engagement",
        ],
        "motivation": (
            "Umeå knows it is hard to see new options from inside one's own frame of "
            "reference, so it wants fresh ideas from other cities. As a Mission City it also "
            "sees sharing as a duty, and hopes to learn how to align rapid growth with net "
            "zero and reach neighbourhoods with fewer cars."
        ),
    },
]

for city in CITIES:
    city.setdefault("programmes", PROGRAMMES)
