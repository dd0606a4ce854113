"""The server-drawn charts: safe SVG, named and described, nothing the CSP would block."""

import re

from intake.pages.charts import bar_chart


def chart(**overrides):
    arguments = {
        "title": "Requests per week",
        "description": "Bars for each week of the period.",
        "labels": ["2 Mar", "9 Mar"],
        "series": [("This period", [3, 5]), ("Before", [None, 7])],
    }
    return str(bar_chart(**(arguments | overrides)))


def test_a_chart_is_an_svg_image_named_by_its_title_and_described():
    svg = chart()
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
    assert f'<title id="{labelled_by[0]}">Requests per week</title>' in svg
    assert f'<desc id="{labelled_by[1]}">Bars for each week of the period.</desc>' in svg


def test_a_chart_carries_no_script_no_inline_style_and_no_link_to_a_cdn():
    svg = chart()
    assert "<script" not in svg
    assert "<style" not in svg
    assert "style=" not in svg
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in svg


def test_labels_and_titles_are_escaped():
    svg = chart(title='Sources <b>"x"</b> & co', labels=["<script>alert(1)</script>", "b"])
    assert "<script>alert" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "Sources &lt;b&gt;" in svg


def test_two_charts_on_one_page_have_different_ids():
    first, second = chart(), chart()
    ids = [re.search(r'<svg[^>]* id="([^"]+)"', svg).group(1) for svg in (first, second)]
    assert ids[0] != ids[1]


def test_a_chart_with_one_series_has_no_legend_and_empty_data_says_so():
    svg = chart(series=[("Requests", [0, 0])])
    assert 'class="legends"' not in svg or "activate-serie" not in svg
    assert "Nothing to draw" in chart(labels=[], series=[("Requests", [])])


def test_a_chart_of_zeroes_says_there_is_nothing_to_draw():
    assert "Nothing to draw" in chart(series=[("Requests", [0, None])])
    assert "Nothing to draw" not in chart()


def line(**overrides):
    from intake.pages.charts import Chart, Point, Series

    arguments = {
        "title": "PHQ-9 total over time",
        "description": "From 18 to 6.",
        "x_labels": ["1 Mar", "15 Mar"],
        "series": [Series("PHQ-9 total", [Point(18), Point(6)], "primary")],
        "y_max": 27,
    }
    return Chart(**(arguments | overrides))


def test_a_line_chart_shown_again_is_read_from_the_cache_with_ids_of_its_own(monkeypatch):
    from intake.pages import charts

    drawn = []
    draw = charts._draw_line_chart
    monkeypatch.setattr(
        charts, "_draw_line_chart", lambda *a, **k: drawn.append(1) or draw(*a, **k)
    )
    first, second = str(charts.line_chart(line())), str(charts.line_chart(line()))
    assert len(drawn) == 1
    first_id = re.search(r'<svg[^>]* id="(chart-\d+)"', first).group(1)
    second_id = re.search(r'<svg[^>]* id="(chart-\d+)"', second).group(1)
    assert first_id != second_id
    assert first.replace(first_id, "X") == second.replace(second_id, "X")
    assert "IDSLOT" not in first + second


def test_other_figures_draw_another_line_chart(monkeypatch):
    from intake.pages import charts

    drawn = []
    draw = charts._draw_line_chart
    monkeypatch.setattr(
        charts, "_draw_line_chart", lambda *a, **k: drawn.append(1) or draw(*a, **k)
    )
    charts.line_chart(line())
    charts.line_chart(line(description="From 18 to 4."))
    assert len(drawn) == 2
