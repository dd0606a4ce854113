"""Charts drawn by the server as SVG with pygal (a kept library, pyproject.toml), plain data in,
safe markup out: `bar_chart` (the clinic reports) and `line_chart` (follow-up trends).

Our Content-Security-Policy allows no inline style or script, so each chart keeps pygal's shapes
and classes and drops its <style> and <script> (nothing here needs JavaScript):
static/css/charts.css colours it with the app's palette (each colour at least 3:1 against white,
WCAG 1.4.11). Each chart is an image named by its title and described by a sentence (role="img",
<title>, <desc>); the page puts its numbers in a table beside it, which is what a screen reader
reads and what prints.

A line chart's severity bands are drawn behind the plot as tinted rectangles and its reference
lines (a baseline, a threshold) as dashed series, each named in the legend.
"""

import hashlib
import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import pygal
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

_ids = itertools.count(1)
# A drawn line chart is kept in the shared cache under a digest of everything drawn, so a page
# shown again with the same figures does not redraw it (pygal's drawing was over half the
# request page's CPU with a year of follow-ups). The ids are put in when the chart is shown:
# two charts on one page never share one.
CHART_CACHE_SECONDS = 24 * 3600
_ID_SLOT = "chart-IDSLOT"


@dataclass(frozen=True)
class Point:
    value: float | None  # None: no value at this x (a gap in the line)
    link: str = ""  # where a click on the point goes (e.g. "#followup-12": its answers)
    label: str = ""  # what the point's <title> says beside its value


@dataclass(frozen=True)
class Series:
    name: str
    points: list[Point]
    css_class: str = ""  # "primary", "secondary", "reference", "threshold": charts.css colours


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    name: str
    tone: int = 0  # 0 (lightest) ... 4: charts.css tints


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    x_labels: list[str]
    series: list[Series]
    y_min: float = 0
    y_max: float | None = None
    bands: list[Band] = field(default_factory=list)
    y_labels: list[float] = field(default_factory=list)


def line_chart(chart: Chart, *, width: int = 720, height: int = 320) -> SafeString:
    """The chart as SVG markup ready to put in a page (escaped by pygal's XML writer; only
    numbers, our own labels and links go in). It scales to its container. Drawn once for the
    same figures, then read from the cache."""
    digest = hashlib.sha256(repr((chart, width, height)).encode()).hexdigest()
    key = f"line-chart:v1:{digest}"
    markup = cache.get(key)
    if markup is None:
        markup = _draw_line_chart(chart, width=width, height=height)
        cache.set(key, markup, CHART_CACHE_SECONDS)
    # The slot is a word no title, label or link of ours contains: only the ids change.
    return mark_safe(markup.replace(_ID_SLOT, f"chart-{next(_ids)}"))  # noqa: S308


def _draw_line_chart(chart: Chart, *, width: int, height: int) -> str:
    number = "IDSLOT"
    config = pygal.Config(
        js=[],
        css=[],
        no_prefix=True,
        disable_xml_declaration=True,
        explicit_size=False,
        width=width,
        height=height,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        truncate_legend=-1,
        show_y_guides=True,
        show_x_guides=False,
        dots_size=4,
        range=(chart.y_min, chart.y_max) if chart.y_max is not None else None,
        include_x_axis=True,
        x_label_rotation=0 if len(chart.x_labels) <= 8 else 30,
        show_minor_x_labels=True,
        title=None,
        # Room on the right for the last date and for the bands' names, drawn in the margin.
        margin_right=150 if chart.bands else 40,
    )
    drawing = pygal.Line(config)
    drawing.x_labels = chart.x_labels
    if chart.y_labels:
        drawing.y_labels = chart.y_labels
    for series in chart.series:
        drawing.add(
            series.name,
            [
                None
                if point.value is None
                else {
                    "value": point.value,
                    **({"label": point.label} if point.label else {}),
                    **({"xlink": {"href": point.link, "target": "_self"}} if point.link else {}),
                }
                for point in series.points
            ],
        )
    root = ET.fromstring(drawing.render(is_unicode=True))  # noqa: S314 - pygal's own output
    _strip(root)
    _name_series(root, chart.series)
    if chart.bands:
        _draw_bands(root, chart.bands)
    title_id, desc_id = f"chart-{number}-title", f"chart-{number}-desc"
    root.set("id", f"chart-{number}")
    root.set("class", "trend-chart")
    root.set("role", "img")
    root.set("aria-labelledby", f"{title_id} {desc_id}")
    for old in root.findall(f"{{{SVG}}}title"):
        root.remove(old)
    title = ET.Element(f"{{{SVG}}}title", {"id": title_id})
    title.text = chart.title
    desc = ET.Element(f"{{{SVG}}}desc", {"id": desc_id})
    desc.text = chart.description
    root.insert(0, desc)
    root.insert(0, title)
    # The prefixes are ElementTree's global state, which another library may have changed
    # (WeasyPrint's parser registers "svg"): set ours again before writing.
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return ET.tostring(root, encoding="unicode")  # built by ElementTree, which escapes every text


def _strip(root: ET.Element) -> None:
    """pygal's script, style and tooltip placeholders go; inline style attributes too (our
    CSP has no 'unsafe-inline'); charts.css styles pygal's classes instead."""
    for parent in root.iter():
        for child in list(parent):
            tag = child.tag.rsplit("}", 1)[-1]
            classes = child.get("class", "").split()
            if tag in {"script", "style"} or "tooltip" in classes:
                parent.remove(child)
        parent.attrib.pop("style", None)


def _name_series(root: ET.Element, series: list[Series]) -> None:
    """Each series' group and legend entry carry the series' class, for charts.css."""
    for index, item in enumerate(series):
        if not item.css_class:
            continue
        for element in root.iter():
            classes = element.get("class", "").split()
            if f"color-{index}" in classes or f"serie-{index}" in classes:
                element.set("class", " ".join([*classes, f"series-{item.css_class}"]))


_MOVE = re.compile(r"M\s*([\d.]+)\s+([\d.]+)")


def _draw_bands(root: ET.Element, bands: list[Band]) -> None:
    """Tinted rectangles behind the lines, one per band, placed by the y axis' own guides
    (pygal's scale: read from two labelled guide lines)."""
    plot = next(
        (
            el
            for el in root.iter()
            if "plot" in el.get("class", "").split() and el.tag.endswith("g")
        ),
        None,
    )
    if plot is None:
        return
    ticks = []
    for guide in plot.iter(f"{{{SVG}}}g"):
        if "guides" not in guide.get("class", "").split():
            continue
        path, text = guide.find(f"{{{SVG}}}path"), guide.find(f"{{{SVG}}}text")
        if path is None or text is None or not text.text:
            continue
        match = _MOVE.match(path.get("d", ""))
        try:
            value = float(text.text.replace(",", ""))
        except ValueError:
            continue
        if match and path.get("d", "").split()[-1].startswith("h"):
            ticks.append((value, float(match.group(2))))
    background = plot.find(f"{{{SVG}}}rect")
    if len(ticks) < 2 or background is None:
        return
    (v1, y1), (v2, y2) = min(ticks), max(ticks)
    scale = (y2 - y1) / (v2 - v1)
    width = background.get("width", "0")
    rects, names = [], []
    for band in bands:
        top = y1 + (band.high - v1) * scale
        bottom = y1 + (band.low - v1) * scale
        rect = ET.Element(
            f"{{{SVG}}}rect",
            {
                "x": "0",
                "y": f"{min(top, bottom):.2f}",
                "width": width,
                "height": f"{abs(bottom - top):.2f}",
                "class": f"band band-{band.tone}",
            },
        )
        ET.SubElement(rect, f"{{{SVG}}}title").text = band.name
        rects.append(rect)
        name = ET.Element(
            f"{{{SVG}}}text",
            {
                "x": f"{float(width) + 8:.0f}",
                "y": f"{(top + bottom) / 2 + 4:.2f}",
                "class": "band-label",
                "text-anchor": "start",
                "aria-hidden": "true",
            },
        )
        name.text = band.name
        names.append(name)
    # Behind everything else: right after the plot's background.
    for offset, element in enumerate([*rects, *names], start=1):
        plot.insert(offset, element)


# --- Bar charts (the clinic reports) ------------------------------------------------------------

# The sizes pygal lays the chart out with; charts.css draws the text at the same sizes.
_STYLE = Style(
    font_family="system-ui, sans-serif",
    title_font_size=16,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    no_data_font_size=20,
)

# pygal's own <defs> (its <style> and <script>), its comments, and inline style attributes.
_DEFS = re.compile(r"<defs>.*?</defs>", re.S)
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
_STYLE_ATTRIBUTES = re.compile(r'\sstyle="[^"]*"')
_ROOT = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" id="[^"]*" class="pygal-chart"')


def bar_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | float | None]]],
    horizontal: bool = False,
    stacked: bool = False,
    height: int = 320,
) -> SafeString:
    """A bar chart of `series` (each a name and one value per label; None draws no bar) as safe
    SVG markup to put in a page."""
    kind = {
        (False, False): pygal.Bar,
        (True, False): pygal.HorizontalBar,
        (False, True): pygal.StackedBar,
        (True, True): pygal.HorizontalStackedBar,
    }[(horizontal, stacked)]
    chart = kind(
        style=_STYLE,
        js=[],  # pygal links a script from its CDN by default: none here
        disable_xml_declaration=True,
        no_prefix=True,
        width=720,
        height=height,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        # Long names (the verdicts) one to a line, or they run into each other.
        legend_at_bottom_columns=1
        if max((len(name) for name, _ in series), default=0) > 20
        else min(len(series), 3) or 1,
        x_label_rotation=0 if horizontal or len(labels) <= 8 else 45,
        show_minor_x_labels=len(labels) <= 14,
        x_labels_major_every=None if len(labels) <= 14 else max(len(labels) // 7, 1),
        truncate_legend=80,
        truncate_label=24,
        print_values=False,
        no_data_text="Nothing to draw: see the table",
        margin=16,
        min_scale=1,
        max_scale=6,
    )
    chart.title = title
    chart.x_labels = [str(label) for label in labels]
    # Nothing but zeroes draws as "Nothing to draw", not as an empty scale from 0 to 1.
    nothing = not any(value for _, values in series for value in values)
    for name, values in series:
        chart.add(name, [] if nothing else list(values))
    return _accessible(chart.render(is_unicode=True), title, description)


def _accessible(svg: str, title: str, description: str) -> SafeString:
    svg = _STYLE_ATTRIBUTES.sub("", _COMMENTS.sub("", _DEFS.sub("", svg)))
    chart_id = f"chart-{next(_ids)}"
    svg = _ROOT.sub(
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="pygal-chart" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false"',
        svg,
        count=1,
    )
    # The chart's own name and description replace pygal's first <title>.
    svg = svg.replace(
        f"<title>{escape(title)}</title>",
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        1,
    )
    return mark_safe(svg)  # noqa: S308 - pygal escapes every label and title it draws
