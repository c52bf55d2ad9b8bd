"""Server-rendered SVG charts: geometry computed here, drawn by the templates in `templates/synthesis/charts/`.

Every chart is readable without JavaScript: an SVG with a <title> and <desc>, axis labels, a <title> tooltip on each
mark, and a data table beside it (the table is the accessible alternative; the SVG is `aria-describedby` it).
"""

import functools
import math
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from synthesis.charts.selectors import PainDistribution, Saturation, SaturationPoint, TagFrequency

# Distinguishable for the common colour-vision deficiencies (Okabe-Ito), in order of use.
PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"]
HUMAN_COLOUR, AI_COLOUR = "#0072b2", "#e69f00"
NEW_COLOUR, CUMULATIVE_COLOUR = "#009e73", "#3452c7"


def nice_ticks(top: float, count: int = 5) -> list[int]:
    """Whole-number ticks from 0 to at least `top`, about `count` of them, on steps of 1, 2 or 5 x 10^n."""
    top = max(1, math.ceil(top))
    raw = top / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return list(range(0, math.ceil(top / step) * step + 1, step))


def _r(value: float) -> float:
    """Coordinates to a tenth of a pixel: shorter SVG, and templates print them as they are (floatformat is slow)."""
    return round(value, 1)


@dataclass
class Tick:
    value: int
    pos: float

    def __post_init__(self):
        self.pos = _r(self.pos)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    tooltip: str
    value: int
    label_x: float = 0
    label_y: float = 0
    href: str = ""  # the quotes behind the bar

    def __post_init__(self):
        for name in ("x", "y", "width", "height", "label_x", "label_y"):
            setattr(self, name, _r(getattr(self, name)))

    @property
    def svg(self) -> SafeString:
        """The bar's `<rect>` with its tooltip, inside a link to its quotes when it has one. Built here, not by an
        include per bar: a chart of 500 interviews has hundreds of bars, and the include was most of the page. The
        coordinates are numbers (`_r`); every text is escaped."""
        rect = (
            f'<rect x="{self.x}" y="{self.y}" width="{self.width}" height="{self.height}" fill="{escape(self.colour)}">'
            f"<title>{escape(self.tooltip)}</title></rect>"
        )
        if self.href:
            label = f"{escape(self.tooltip)}: show the quotes"
            rect = f'<a href="{escape(self.href)}" class="chart-bar-link" aria-label="{label}">{rect}</a>'
        return mark_safe(rect)  # numbers and escaped text only

    @property
    def dot(self) -> SafeString:
        """The mark as a point of a line (the saturation curve's distinct tags so far), with its tooltip."""
        circle = f'<circle cx="{self.x}" cy="{self.y}" r="3" fill="{escape(self.colour)}">'
        return mark_safe(f"{circle}<title>{escape(self.tooltip)}</title></circle>")  # numbers and escaped text only


@dataclass
class Group:
    label: str
    pos: float  # where its label sits (y for horizontal charts, x for vertical)
    bars: list[Bar] = field(default_factory=list)
    title: str = ""  # the whole label
    lines: list[tuple[str, float]] = field(default_factory=list)  # a long label wrapped: (text, dy) per line

    def __post_init__(self):
        self.pos = _r(self.pos)


@dataclass
class LegendItem:
    label: str
    colour: str


@dataclass
class Chart:
    width: int
    height: int
    plot_left: float
    plot_top: float
    plot_width: float
    plot_height: float
    groups: list[Group]
    ticks: list[Tick]
    legend: list[LegendItem]
    x_label: str
    y_label: str
    line: str = ""  # an SVG polyline's points
    dots: list[Bar] = field(default_factory=list)
    shade: Bar | None = None  # a band to mark (e.g. the saturation window)

    def __post_init__(self):
        for name in ("plot_left", "plot_top", "plot_width", "plot_height"):
            setattr(self, name, _r(getattr(self, name)))

    @property
    def plot_right(self) -> float:
        return _r(self.plot_left + self.plot_width)

    @property
    def y_label_at(self) -> float:
        """Where a vertical axis title is centred."""
        return _r(self.plot_top + self.plot_height / 2)

    @property
    def plot_bottom(self) -> float:
        return _r(self.plot_top + self.plot_height)


def wrap_label(text: str, width: int = 34, max_lines: int = 3) -> list[str]:
    """`text` on lines of at most `width` characters, broken between words (a tag path breaks after " > "); a word
    longer than a line is cut across lines, and only what passes `max_lines` is left out, with an ellipsis."""
    words, lines, line = text.split(" "), [], ""
    for word in words:
        while len(word) > width:  # no room to break: cut it
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


LINE_HEIGHT = 13  # px between the lines of a wrapped label (the charts' text is 11px)


def tag_frequency_chart(data: TagFrequency, width: int = 760, link=None) -> Chart:
    """Horizontal bars: for each tag, one bar per segment value, length = distinct participants. A tag's path wraps
    onto up to three lines beside its bars (its group grows to fit); `link(row, segment)` is the URL of the quotes
    behind a bar."""
    bar_h, gap, left, top, right = 12, 14, 250, 10, 40
    n = max(1, len(data.segments))
    plot_w = width - left - right
    most = max((v for row in data.rows for v in row.participants.values()), default=0)
    ticks = nice_ticks(most)
    scale = plot_w / ticks[-1]
    colours = {value: PALETTE[i % len(PALETTE)] for i, value in enumerate(data.segments)}
    groups, y = [], top
    for row in data.rows:
        lines = wrap_label(row.path)
        group_h = max(n * bar_h, len(lines) * LINE_HEIGHT) + gap
        y0 = y + gap / 2 + (group_h - gap - n * bar_h) / 2  # the bars centred in the group
        centre = y + group_h / 2
        first_dy = -(len(lines) - 1) * LINE_HEIGHT / 2
        group = Group(
            label=row.path, pos=centre, title=row.path,
            lines=[(text, _r(first_dy if i == 0 else LINE_HEIGHT)) for i, text in enumerate(lines)],
        )  # fmt: skip
        for s, value in enumerate(data.segments):
            count = row.participants.get(value, 0)
            highlights = row.highlights.get(value, 0)
            w = count * scale
            people = "participant" if count == 1 else "participants"
            group.bars.append(
                Bar(
                    x=left, y=y0 + s * bar_h, width=w, height=bar_h - 2, colour=colours[value], value=count,
                    tooltip=f"{row.path} · {data.attribute} = {value}: {count} {people}, {highlights} highlights",
                    label_x=left + w + 4, label_y=y0 + s * bar_h + bar_h - 3,
                    href=link(row, value) if link and highlights else "",
                )
            )  # fmt: skip
        groups.append(group)
        y += group_h
    plot_h = max(1.0, y - top)
    return Chart(
        width=width, height=int(top + plot_h + 44), plot_left=left, plot_top=top, plot_width=plot_w,
        plot_height=plot_h, groups=groups, ticks=[Tick(t, left + t * scale) for t in ticks],
        legend=[LegendItem(f"{value} ({data.segment_sizes.get(value, 0)})", colours[value]) for value in data.segments],
        x_label="Participants who mentioned it", y_label="Tag",
    )  # fmt: skip


def pain_chart(data: PainDistribution, width: int = 520, height: int = 280, link=None) -> Chart:
    """Vertical bars: for each pain level 1-5, people's scores beside the AI's; `link(level, by)` ("people" or "ai")
    is the URL of the quotes behind a bar."""
    left, top, right, bottom = 56, 12, 16, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    most = max([*data.human.values(), *data.ai.values(), 0])
    ticks = nice_ticks(most)
    scale = plot_h / ticks[-1]
    slot = plot_w / len(data.levels)
    bar_w = min(36, slot * 0.38)
    groups = []
    for i, level in enumerate(data.levels):
        centre = left + slot * (i + 0.5)
        group = Group(label=str(level), pos=centre)
        scorers = (("people", data.human, HUMAN_COLOUR), ("AI", data.ai, AI_COLOUR))
        for j, (who, counts, colour) in enumerate(scorers):
            value = counts[level]
            h = value * scale
            x = centre - bar_w + j * bar_w
            group.bars.append(
                Bar(
                    x=x, y=top + plot_h - h, width=bar_w - 2, height=h, colour=colour, value=value,
                    tooltip=f"Pain {level}, scored by {who}: {value} highlight{'s' if value != 1 else ''}",
                    label_x=x + (bar_w - 2) / 2, label_y=top + plot_h - h - 4,
                    href=link(level, who.lower()) if link and value else "",
                )
            )  # fmt: skip
        groups.append(group)
    return Chart(
        width=width, height=height, plot_left=left, plot_top=top, plot_width=plot_w, plot_height=plot_h,
        groups=groups, ticks=[Tick(t, top + plot_h - t * scale) for t in ticks],
        legend=[LegendItem(f"People ({data.human_total})", HUMAN_COLOUR),
                LegendItem(f"AI ({data.ai_total})", AI_COLOUR)],
        x_label="Pain intensity: 1 mild annoyance … 5 makes them leave", y_label="Highlights",
    )  # fmt: skip


def saturation_chart(data: Saturation, width: int = 760, height: int = 300, link=None) -> Chart:
    """Bars of new tags per interview (in the order they happened) under the line of cumulative distinct tags;
    `link(point)` is the URL of the quotes behind a bar (the interview's quotes with the tags it added)."""
    left, top, right, bottom = 56, 12, 16, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    points = data.points
    ticks = nice_ticks(data.total_tags)
    scale = plot_h / ticks[-1]
    slot = plot_w / max(1, len(points))
    bar_w = max(1.0, min(28.0, slot * 0.7))
    groups, dots, line = [], [], []
    label_every = max(1, math.ceil(len(points) / 20))  # at most ~20 labels on the x axis
    for point in points:
        centre = left + slot * (point.index - 0.5)
        h = point.new * scale
        label = str(point.index) if (point.index - 1) % label_every == 0 or point.index == len(points) else ""
        group = Group(label=label, pos=centre)
        group.bars.append(
            Bar(
                x=centre - bar_w / 2, y=top + plot_h - h, width=bar_w, height=h, colour=NEW_COLOUR, value=point.new,
                tooltip=(
                    f"Interview {point.index}, {point.title} ({point.kind}): {point.new} new of {point.tags} tags, "
                    f"{point.cumulative} in all so far"
                ),
                href=link(point) if link and point.new else "",
            )
        )  # fmt: skip
        groups.append(group)
        y = top + plot_h - point.cumulative * scale
        line.append(f"{centre:.1f},{y:.1f}")
        dots.append(
            Bar(
                x=centre, y=y, width=0, height=0, colour=CUMULATIVE_COLOUR, value=point.cumulative,
                tooltip=f"After interview {point.index}: {point.cumulative} distinct tags",
            )
        )  # fmt: skip
    shade = None
    if len(points) > data.window:
        x0 = left + slot * (len(points) - data.window)
        shade = Bar(
            x=x0, y=top, width=left + plot_w - x0, height=plot_h, colour="#00000010", value=data.recent_new,
            tooltip=f"The last {data.window} interviews: {data.recent_new} new tags",
        )  # fmt: skip
    return Chart(
        width=width, height=height, plot_left=left, plot_top=top, plot_width=plot_w, plot_height=plot_h,
        groups=groups, ticks=[Tick(t, top + plot_h - t * scale) for t in ticks],
        legend=[LegendItem("New tags in the interview", NEW_COLOUR),
                LegendItem("Distinct tags so far", CUMULATIVE_COLOUR)],
        x_label="Interviews in the order they happened", y_label="Tags", line=" ".join(line), dots=dots, shade=shade,
    )  # fmt: skip


def saturation_rows(points: list[SaturationPoint], transcript_url) -> SafeString:
    """The saturation curve's data table rows (one per coded interview: hundreds), built here rather than by the
    template language, whose lookups per cell were most of the charts page's time. Counts are numbers; every text
    is escaped."""
    rows = (
        f'<tr><td>{int(p.index)}</td><td><a href="{escape(transcript_url(p.transcript_id))}">{escape(p.title)}</a></td>'
        f"<td>{escape(p.kind)}</td><td>{_day(p.occurred_at)}</td><td>{int(p.tags)}</td><td>{int(p.new)}</td>"
        f"<td>{int(p.cumulative)}</td></tr>"
        for p in points
    )
    return mark_safe("".join(rows))  # numbers and escaped text only


def _day(moment) -> str:
    """As the template's `date:"j M Y"` writes it, in the current time zone (escaped)."""
    if not moment:
        return ""
    local = template_localtime(moment)
    return _day_label(local.date() if hasattr(local, "date") else local, translation.get_language())


@functools.lru_cache(maxsize=1024)
def _day_label(day, language: str) -> str:
    return escape(date_format(day, "j M Y"))
