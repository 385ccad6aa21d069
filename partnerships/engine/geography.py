"""Where a city lies, as the engine's context factors need it: continent and climate band.

Continents follow the United Nations Statistics Division's M49 standard ("Standard
country or area codes for statistical use", https://unstats.un.org/unsd/methodology/m49/),
with its Americas split into North America (code 003, which takes in Central America and
the Caribbean) and South America (005), as people name them. Countries are ISO 3166-1
alpha-2 codes. No database access here.
"""

CONTINENT_NAMES = {
    "AF": "Africa",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "SA": "South America",
    "OC": "Oceania",
    "AN": "Antarctica",
}

_MEMBERS = {
    "AF": (
        "DZ EG LY MA SD TN EH IO BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS TF UG TZ ZM ZW "
        "AO CM CF TD CG CD GQ GA ST BW SZ LS NA ZA BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN "
        "SL TG"
    ),
    "AS": (
        "KZ KG TJ TM UZ CN HK MO KP JP MN KR TW BN KH ID LA MY MM PH SG TH TL VN AF BD BT IN IR "
        "MV NP PK LK AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE"
    ),
    "EU": (
        "BY BG CZ HU PL MD RO RU SK UA AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB AL AD BA "
        "HR GI GR VA IT MT ME MK PT SM RS SI ES XK AT BE FR DE LI LU MC NL CH"
    ),
    "NA": (
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF PM VC SX TT TC VI "
        "BZ CR SV GT HN MX NI PA BM CA GL US UM"
    ),
    "SA": "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    "OC": ("AU NZ NF CX CC HM FJ NC PG SB VU GU KI MH FM NR MP PW AS CK PF NU PN WS TK TO TV WF"),
    "AN": "AQ",
}

CONTINENT_OF = {
    country: continent for continent, codes in _MEMBERS.items() for country in codes.split()
}


def continent_of(country):
    """The continent code of an ISO country code, or "" when the code is unknown."""
    return CONTINENT_OF.get((country or "").upper(), "")


def continent_name(code):
    return CONTINENT_NAMES.get(code, "")


# Climate bands by distance from the equator: how long and dark the winters are, which is
# what cities such as Reykjavik compare themselves on. Upper bounds in degrees.
CLIMATE_BANDS = (
    (23.5, "the tropics"),
    (35.0, "the subtropics"),
    (50.0, "the mid-latitudes"),
    (60.0, "the higher mid-latitudes, with long winters"),
    (90.0, "the far north or south, with long, dark winters"),
)


def climate_band(latitude):
    distance = abs(latitude)
    for bound, name in CLIMATE_BANDS:
        if distance <= bound:
            return name
    return CLIMATE_BANDS[-1][1]


def latitude_text(latitude):
    """64.1 -> "64° N"; -33.9 -> "34° S"."""
    return f"{abs(latitude):.0f}° {'N' if latitude >= 0 else 'S'}"
