"""The hub's map, drawn on the server as SVG: country shapes, the cities, and lines between
partners. No tile server and no request to another host: the shapes are Natural Earth's
1:110m countries from the `world-atlas` npm package (TopoJSON), projected here with the
Equal Earth projection (Šavrič, Patterson and Jenny, 2018).

What a city takes part in comes from the apps built on the hub, through two hooks, so the
hub needs to know nothing of them:

- `city_map_links(request, city_ids)` returns `(city_id, city_id, label)` for each pair of
  partners to join with a line;
- `city_map_programmes(request, city_ids)` returns `{city_id: [programme name, ...]}`.

When the index's filters match more than `MAP_CITY_LIMIT` cities, its map counts them by
country instead (`index_map`): thousands of markers, and a list of thousands beside them,
would make a page a slow laptop cannot open; each country in the list leads to the index
filtered by it, where the map draws that country's cities again.
"""

import json
import logging
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_countries import countries
from wagtail import hooks

logger = logging.getLogger(__name__)

WIDTH = 1000
# Equal Earth constants.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = math.pi / (M * A1)  # the projection's half width, in radians
# Latitudes shown: Antarctica is left out, so the map is about the inhabited world.
NORTH, SOUTH = 84.0, -57.0
# Points closer than this (in map units) to the last one kept are dropped.
SIMPLIFY = 1.0
# Around the cities shown, at least this much of the map (in map units) stays in view.
FIT_MARGIN = 45
FIT_MIN_WIDTH = 260
# Sizes on the whole map, in map units; scaled with the part in view.
MARKER_RADIUS, CURRENT_RADIUS, LABEL_SIZE = 6, 8, 18
MAP_CITY_LIMIT = 300
# A counted country's shade: the share of the largest country's count it reaches.
SHADE_STEPS = (0.1, 0.3, 0.6)
ANTARCTICA = "010"


def atlas_path():
    return Path(settings.WORLD_ATLAS_PATH)


def _project_raw(longitude, latitude):
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


_, _TOP = _project_raw(0, NORTH)
_, _BOTTOM = _project_raw(0, SOUTH)
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = round((_TOP - _BOTTOM) * SCALE)


def project(longitude, latitude):
    """(x, y) in map units: 0..WIDTH from west to east, 0 at the map's northern edge."""
    x, y = _project_raw(float(longitude), float(latitude))
    return (x + X_MAX) * SCALE, (_TOP - y) * SCALE


def _arcs(topology):
    """The topology's arcs as lists of (longitude, latitude), delta-decoded."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes, arcs):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def _unwrap(ring):
    """Longitudes made continuous along a ring, so a shape across the antimeridian (Fiji,
    the east of Russia) is drawn in one piece past the map's edge, not as a line across it."""
    unwrapped, shift, previous = [], 0.0, None
    for longitude, latitude in ring:
        if previous is not None:
            if longitude + shift - previous > 180:
                shift -= 360
            elif longitude + shift - previous < -180:
                shift += 360
        previous = longitude + shift
        unwrapped.append((previous, latitude))
    return unwrapped


def _path(rings):
    parts = []
    for ring in rings:
        kept = []
        for longitude, latitude in _unwrap(ring):
            x, y = project(longitude, max(min(latitude, NORTH), SOUTH - 5))
            if kept and abs(x - kept[-1][0]) + abs(y - kept[-1][1]) < SIMPLIFY:
                continue
            kept.append((x, y))
        if len(kept) < 3:
            continue
        # Relative steps from the first point, a tenth of a unit precise: shorter text.
        steps = [f"M{_num(kept[0][0])},{_num(kept[0][1])}l"]
        last = [round(kept[0][0], 1), round(kept[0][1], 1)]
        moves = []
        for x, y in kept[1:]:
            x, y = round(x, 1), round(y, 1)
            moves.append(f"{_num(x - last[0])},{_num(y - last[1])}")
            last = [x, y]
        parts.append(steps[0] + " ".join(moves) + "z")
    return "".join(parts)


def _num(value):
    """A coordinate step as few characters as SVG allows: "-.6", "1.5", "0"."""
    text = f"{value:.1f}".removesuffix(".0")
    if text == "-0":
        return "0"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


@lru_cache(maxsize=1)
def country_shapes():
    """{ISO numeric code: (name, SVG path)}, read and projected once per process.

    Empty, with a warning in the log, when the atlas is not installed (`npm ci`): the map
    then shows its cities and lines on a plain background.
    """
    path = atlas_path()
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        logger.warning("World map without country shapes: cannot read %s (%s)", path, error)
        return {}
    arcs = _arcs(topology)
    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = str(geometry.get("id", ""))
        if code == ANTARCTICA or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
        name = geometry.get("properties", {}).get("name", "")
        shapes[code or name] = (name, _path(rings))
    return shapes


@lru_cache(maxsize=1024)
def _country_svg(name, path, has_city, shade=0, label=""):
    """One country's shape as SVG, built once per process and state (the shapes do not
    change)."""
    classes = " city-map__country--with-city" if has_city else ""
    if shade:
        classes += f" city-map__country--shade{shade}"
    return format_html(
        '<path class="city-map__country{}" d="{}"><title>{}</title></path>',
        classes,
        path,
        label or name,
    )


@dataclass
class MapCity:
    title: str
    place: str
    url: str
    x: float | None
    y: float | None
    current: bool = False
    programmes: list = field(default_factory=list)
    partners: list = field(default_factory=list)

    @property
    def placed(self):
        return self.x is not None

    @property
    def cx(self):
        return _one_decimal(self.x)

    @property
    def cy(self):
        return _one_decimal(self.y)


_TENTH = Decimal("0.1")


def _one_decimal(value):
    """ "123.4": a coordinate as the template's `floatformat:"1u"` writes it, without its
    cost (a map draws thousands of them)."""
    text = str(Decimal(repr(float(value))).quantize(_TENTH, ROUND_HALF_UP))
    return "0.0" if text == "-0.0" else text


@dataclass
class MapLink:
    label: str
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def d(self):
        # A gentle curve, so lines between the same cities' neighbours stay apart.
        mx, my = (self.x1 + self.x2) / 2, (self.y1 + self.y2) / 2
        dx, dy = self.x2 - self.x1, self.y2 - self.y1
        bend = 0.15
        cx, cy = mx - dy * bend, my + dx * bend
        return f"M{self.x1:.1f},{self.y1:.1f}Q{cx:.1f},{cy:.1f} {self.x2:.1f},{self.y2:.1f}"


@dataclass
class CountryCount:
    """A country of a map that counts its cities rather than drawing them."""

    code: str
    name: str
    count: int
    url: str

    @property
    def counted(self):
        return f"{self.count} cit{'y' if self.count == 1 else 'ies'}"


@dataclass
class CityMap:
    slug: str
    title: str
    description: str
    countries: list  # (name, path, has_city[, shade, label])
    cities: list
    links: list
    width: int = WIDTH
    height: int = HEIGHT
    by_country: list = field(default_factory=list)  # CountryCount, when cities are counted

    @cached_property
    def placed(self):
        return [city for city in self.cities if city.placed]

    @property
    def countries_svg(self):
        """The country shapes as SVG, those with a city shown marked."""
        return mark_safe("".join(_country_svg(*country) for country in self.countries))  # noqa: S308

    @property
    def world_viewbox(self):
        return f"0 0 {self.width} {self.height}"

    @cached_property
    def viewbox(self):
        """The part of the world around the cities shown, at the map's proportions."""
        points = [(city.x, city.y) for city in self.placed]
        if not points:
            return self.world_viewbox
        xs, ys = [x for x, _ in points], [y for _, y in points]
        width = max(max(xs) - min(xs) + 2 * FIT_MARGIN, FIT_MIN_WIDTH)
        height = max(max(ys) - min(ys) + 2 * FIT_MARGIN, width * self.height / self.width)
        width = max(width, height * self.width / self.height)
        if width >= self.width or height >= self.height:
            return self.world_viewbox
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        x = min(max(cx - width / 2, 0), self.width - width)
        y = min(max(cy - height / 2, 0), self.height - height)
        return f"{x:.0f} {y:.0f} {width:.0f} {height:.0f}"

    @cached_property
    def scale(self):
        """Map units per unit of the whole map's width in view: markers keep their size."""
        return float(self.viewbox.split()[2]) / self.width

    def _scaled(self, size):
        return f"{size * self.scale:.2f}"

    @property
    def marker_radius(self):
        return self._scaled(MARKER_RADIUS)

    @property
    def current_radius(self):
        return self._scaled(CURRENT_RADIUS)

    @property
    def label_size(self):
        return self._scaled(LABEL_SIZE)

    @property
    def label_offset(self):
        return self._scaled(-LABEL_SIZE * 0.8)

    @property
    def unplaced(self):
        return [city for city in self.cities if not city.placed]


def _from_hooks(name, request, ids):
    results = []
    for hook in hooks.get_hooks(name):
        results.append(hook(request, ids))
    return results


def city_map(cities, request, current=None, slug="hub-map", title="Map of the hub's cities"):
    """The map of `cities` (city pages), with the partnerships among them."""
    cities = list(cities)
    ids = [city.pk for city in cities]
    programmes = {}
    for found in _from_hooks("city_map_programmes", request, ids):
        for city_id, names in found.items():
            programmes.setdefault(city_id, []).extend(names)
    links = []
    for found in _from_hooks("city_map_links", request, ids):
        links.extend(found)

    by_id = {}
    for city in cities:
        x = y = None
        if city.has_position:
            x, y = project(city.longitude, city.latitude)
        by_id[city.pk] = MapCity(
            title=city.title,
            place=city.place_name,
            url=city.get_url(request) or "",
            x=x,
            y=y,
            current=current is not None and city.pk == current.pk,
            programmes=sorted(set(programmes.get(city.pk, []))),
        )

    lines = []
    for a, b, label in links:
        first, second = by_id.get(a), by_id.get(b)
        if first is None or second is None:
            continue
        first.partners.append(second.title)
        second.partners.append(first.title)
        if first.placed and second.placed:
            lines.append(MapLink(label, first.x, first.y, second.x, second.y))
    for city in by_id.values():
        city.partners = sorted(set(city.partners))

    with_cities = {countries.numeric(city.country.code, padded=True) for city in cities}
    shapes = [(name, path, code in with_cities) for code, (name, path) in country_shapes().items()]
    placed = sum(1 for city in by_id.values() if city.placed)
    counted = f"{placed} cit{'y' if placed == 1 else 'ies'} on a world map"
    if lines:
        counted += f", {len(lines)} line{'s' if len(lines) != 1 else ''} between partners"
    description = (
        f"{counted}. The list beside the map names the same cities, their programmes and partners."
    )
    ordered = sorted(by_id.values(), key=lambda city: (not city.current, city.title))
    return CityMap(slug, title, description, shapes, ordered, lines)


def index_map(cities, request, slug="hub-map", title="Map of the hub's cities"):
    """The index's map of `cities` (a queryset): each city drawn, or, past
    `MAP_CITY_LIMIT`, the cities counted by country, each country linking to the index
    filtered by it (keeping the other filters)."""
    first = list(cities[: MAP_CITY_LIMIT + 1])
    if len(first) <= MAP_CITY_LIMIT:
        return city_map(first, request, slug=slug, title=title)
    counts = dict(
        cities.order_by().values_list("country").annotate(n=Count("pk")).values_list("country", "n")
    )
    largest = max(counts.values())
    by_country = []
    for code, n in counts.items():
        query = request.GET.copy()
        query["country"] = code
        query.pop("page", None)
        name = str(countries.name(code)) or code
        by_country.append(CountryCount(code, name, n, f"?{query.urlencode()}"))
    by_country.sort(key=lambda country: (-country.count, country.name))
    numeric = {countries.numeric(country.code, padded=True): country for country in by_country}
    shapes = []
    for code, (name, path) in country_shapes().items():
        country = numeric.get(code)
        if country is None:
            shapes.append((name, path, False))
            continue
        shade = 1 + sum(country.count > step * largest for step in SHADE_STEPS)
        shapes.append((name, path, True, shade, f"{name}: {country.counted}"))
    total = sum(counts.values())
    description = (
        f"{total} cities in {len(by_country)} "
        f"countr{'y' if len(by_country) == 1 else 'ies'}, too many to draw one by one: "
        "each country is shaded by how many it has. The list beside the map gives the "
        "count for each; choose a country to see its cities on the map."
    )
    return CityMap(slug, title, description, shapes, [], [], by_country=by_country)


def partner_map(city, request):
    """A city page's map: the city and the partners the visitor may open."""
    partner_ids = set()
    for links in _from_hooks("city_map_links", request, [city.pk]):
        for a, b, _ in links:
            if city.pk in (a, b):
                partner_ids.add(b if a == city.pk else a)
    partner_ids.discard(city.pk)
    partners = (
        list(
            type(city)
            .objects.listable(request)
            .filter(pk__in=partner_ids)
            .defer_streamfields()
            .order_by("title")
        )
        if partner_ids
        else []
    )
    title = f"{city.title} and its partners" if partners else f"Where {city.title} is"
    return city_map([city, *partners], request, current=city, slug="city-map", title=title)
