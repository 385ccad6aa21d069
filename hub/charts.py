"""Chart geometry, computed on the server: the templates in `templates/components/` draw it
as SVG, and the same numbers go into a table beside each chart.
"""

from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 150
BAR_HEIGHT = 26
BAR_GAP = 10
TOP = 8
LABEL_CHARS = 27


def shorten(text, limit=LABEL_CHARS):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Bar:
    label: str
    note: str
    value: float
    display: str
    url: str = ""
    current: bool = False
    detail: str = ""
    # Geometry, filled in by `bar_chart`.
    y: float = 0
    width: float = 0

    @property
    def short_label(self):
        return shorten(self.label)

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT / 2

    @property
    def value_x(self):
        return LABEL_WIDTH + self.width + 6


@dataclass
class LeftOut:
    label: str
    note: str
    reason: str
    url: str = ""


@dataclass
class BarChart:
    """A horizontal bar chart: one bar a row, longest value full width."""

    slug: str
    title: str
    description: str
    value_heading: str
    bars: list
    left_out: list = field(default_factory=list)
    # Cases left out beyond those named in `left_out`.
    left_out_more: int = 0
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self):
        return TOP * 2 + len(self.bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP

    @property
    def plot_width(self):
        return self.width - self.label_width - VALUE_WIDTH

    @property
    def title_id(self):
        return f"chart-{self.slug}-title"

    @property
    def description_id(self):
        return f"chart-{self.slug}-description"


def bar_chart(slug, title, description, value_heading, bars, left_out=()):
    """Lay `bars` (Bar, largest first is not required) out on one scale."""
    chart = BarChart(slug, title, description, value_heading, list(bars), list(left_out))
    largest = max((bar.value for bar in chart.bars), default=0)
    for index, bar in enumerate(chart.bars):
        bar.y = TOP + index * (BAR_HEIGHT + BAR_GAP)
        share = bar.value / largest if largest else 0
        bar.width = max(round(share * chart.plot_width, 1), 2)
    return chart


@dataclass
class Segment:
    label: str
    note: str
    start: int
    days: int
    x: float = 0
    width: float = 0
    y: float = 0

    @property
    def short_label(self):
        return shorten(self.label)

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT / 2

    @property
    def value_x(self):
        return self.x + self.width + 4


@dataclass
class Timeline:
    """Steps one after another on a day scale, with the total."""

    title: str
    description: str
    segments: list
    total_days: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self):
        return TOP * 2 + len(self.segments) * (BAR_HEIGHT + BAR_GAP) + 20

    @property
    def axis_y(self):
        return self.height - 14

    @property
    def plot_width(self):
        return self.width - self.label_width - VALUE_WIDTH

    @property
    def end_x(self):
        return self.label_width + self.plot_width


def timeline(title, description, steps):
    """`steps`: (label, note, days) in order; each starts when the one before ends."""
    total = sum(days for _, _, days in steps)
    chart = Timeline(title, description, [], total)
    start = 0
    for index, (label, note, days) in enumerate(steps):
        segment = Segment(label, note, start, days)
        segment.y = TOP + index * (BAR_HEIGHT + BAR_GAP)
        scale = chart.plot_width / total if total else 0
        segment.x = chart.label_width + round(start * scale, 1)
        segment.width = max(round(days * scale, 1), 2)
        chart.segments.append(segment)
        start += days
    return chart
