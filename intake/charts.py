"""Charts drawn on the server as SVG with pygal (the kept library, pyproject), from plain data.

Our Content-Security-Policy allows no inline style or script, so the SVG keeps pygal's shapes
and classes and drops its <style> and <script>: static/css/charts.css colours it with the
app's palette (each colour at least 3:1 against white, WCAG 1.4.11). Each chart is an image
named by its title and described by a sentence; the page puts its numbers in a table beside it,
which is what a screen reader reads.
"""

import re
from collections.abc import Sequence
from itertools import count
from xml.sax.saxutils import escape

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

_ids = count(1)

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
