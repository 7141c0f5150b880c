"""The three SVG charts: deterministic, well-formed, labelled, with explicit fonts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from reports.charts import FONT, bar_chart, radar_chart, trend_chart

SVG = "{http://www.w3.org/2000/svg}"

BANDS = [
    {"name": "Kurang", "min": 1.0},
    {"name": "Cukup", "min": 1.8},
    {"name": "Baik", "min": 2.6},
    {"name": "Sangat Baik", "min": 3.5},
    {"name": "Memuaskan", "min": 4.2, "max": 5.0},
]
BARS = [
    {"label": "1 Prinsip SDI", "value": 3.0},
    {"label": "2 Kualitas Data", "value": 2.3},
    {"label": "3 Proses Bisnis Statistik", "value": 2.58},
    {"label": "4 Kelembagaan", "value": 2.5},
    {"label": "5 Statistik Nasional", "value": 1.7777},
]
AXES = ["Prinsip SDI", "Kualitas Data", "Proses Bisnis Statistik", "Kelembagaan",
        "Statistik Nasional"]
RADAR = [{"name": "Penilaian mandiri 2024", "values": [3.0, 2.3, 2.58, 2.5, 1.78]},
         {"name": "Hasil BPS", "values": [2.5, 2.0, 2.4, 2.25, 1.5]}]
YEARS = [2022, 2023, 2024]
TREND = [{"name": "Penilaian mandiri", "values": [1.95, 2.31, 2.52]},
         {"name": "Hasil BPS", "values": [None, 2.1, None]}]


def charts():
    """(name, thunk) for one typical call of each chart."""
    return [
        ("bar", lambda: bar_chart(BARS, BANDS)),
        ("radar", lambda: radar_chart(AXES, RADAR)),
        ("trend", lambda: trend_chart(YEARS, TREND, BANDS)),
    ]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def numbers(root: ET.Element, tag: str, attribute: str) -> list[float]:
    return [float(e.get(attribute)) for e in root.iter(f"{SVG}{tag}") if e.get(attribute)]


@pytest.mark.parametrize(("name", "draw"), charts())
def test_deterministic(name, draw):
    assert draw() == draw()


@pytest.mark.parametrize(("name", "draw"), charts())
def test_well_formed_svg_with_size_and_title(name, draw):
    svg = draw()
    assert isinstance(svg, Markup)  # Jinja must not escape it
    root = parse(svg)
    assert root.get("viewBox")
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}title").text


@pytest.mark.parametrize(("name", "draw"), charts())
def test_every_text_has_an_explicit_font(name, draw):
    root = parse(draw())
    found = list(root.iter(f"{SVG}text"))
    assert found
    for element in found:
        assert element.get("font-family") == FONT
        assert element.get("font-size")
    assert "DejaVu Sans" in FONT


COORDINATES = ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height")


@pytest.mark.parametrize(("name", "draw"), charts())
def test_coordinates_are_finite_and_rounded(name, draw):
    """One decimal everywhere (stable across platforms), never nan/inf or a negative zero."""
    root = parse(draw())
    values = []
    for element in root.iter():
        if element.tag == f"{SVG}svg":
            continue
        values += [element.get(a) for a in COORDINATES if element.get(a) is not None]
        if element.get("points"):
            values += [v for point in element.get("points").split() for v in point.split(",")]
    assert values
    for value in values:
        assert re.fullmatch(r"-?\d+(\.\d)?", value), value
        assert value != "-0.0"


def test_bar_chart_labels_values_and_bands():
    root = parse(bar_chart(BARS, BANDS))
    shown = texts(root)
    for item in BARS:
        assert item["label"] in shown
    # values are printed in Indonesian, two decimals, half-up
    assert {"3,00", "2,30", "2,58", "2,50", "1,78"} <= set(shown)
    assert {b["name"] for b in BANDS} <= set(shown)
    assert {"1", "2", "3", "4", "5"} <= set(shown)  # axis ticks
    assert "3.00" not in shown


def test_bar_lengths_follow_the_values():
    root = parse(bar_chart(BARS, ()))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("rx")]
    widths = [float(r.get("width")) for r in bars]
    assert len(widths) == len(BARS)
    values = [b["value"] for b in BARS]
    assert sorted(range(5), key=widths.__getitem__) == sorted(range(5), key=values.__getitem__)


def test_bar_chart_clamps_values_outside_the_scale():
    items = [{"label": "rendah", "value": -3}, {"label": "nol", "value": 0},
             {"label": "tinggi", "value": 9}, {"label": "penuh", "value": 5}]
    root = parse(bar_chart(items, BANDS))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("rx")]
    widths = [float(r.get("width")) for r in bars]
    assert widths[0] == 0.0 and widths[1] == 0.0
    assert widths[2] == widths[3] > 0
    assert all(w >= 0 for w in numbers(root, "rect", "width"))
    assert all(h >= 0 for h in numbers(root, "rect", "height"))
    # bars stay inside the drawing
    width = float(root.get("width"))
    for r in bars:
        assert float(r.get("x")) + float(r.get("width")) <= width


def test_bands_are_drawn_in_order_and_cover_the_axis():
    root = parse(bar_chart(BARS, BANDS))
    band_rects = [r for r in root.iter(f"{SVG}rect") if not r.get("rx")]
    assert len(band_rects) == len(BANDS)
    xs = [float(r.get("x")) for r in band_rects]
    assert xs == sorted(xs)
    ends = [float(r.get("x")) + float(r.get("width")) for r in band_rects]
    for end, start in zip(ends, xs[1:], strict=False):
        assert abs(end - start) <= 0.11


def test_labels_are_escaped():
    hostile = 'A<B&C "kutip" </text><script>alert(1)</script>'
    for svg in (
        bar_chart([{"label": hostile, "value": 3}], [{"name": hostile, "min": 1.0}],
                  title=hostile),
        radar_chart([hostile, "b", "c"], [{"name": hostile, "values": [1, 2, 3]}],
                    title=hostile),
        trend_chart([2024], [{"name": hostile, "values": [2.5]}],
                    [{"name": hostile, "min": 1.0}], title=hostile),
    ):
        root = parse(svg)  # still well-formed
        assert hostile in texts(root)
        assert root.find(f"{SVG}title").text == hostile
        assert not list(root.iter(f"{SVG}script"))
        assert "A&lt;B&amp;C" in str(svg)


def test_radar_labels_values_and_legend():
    root = parse(radar_chart(AXES, RADAR))
    shown = texts(root)
    for axis in AXES:
        assert axis in shown
    for entry in RADAR:
        assert entry["name"] in shown
    assert {"1", "2", "3", "4", "5"} <= set(shown)  # rings
    polygons = list(root.iter(f"{SVG}polygon"))
    assert len(polygons) == 5 + len(RADAR)  # five rings, one polygon per series
    for polygon in polygons:
        assert len(polygon.get("points").split()) == len(AXES)
    assert len(list(root.iter(f"{SVG}circle"))) == len(AXES) * len(RADAR)


def test_radar_clamps_values():
    inside = parse(radar_chart(AXES, [{"name": "a", "values": [5, 5, 5, 5, 5]}]))
    outside = parse(radar_chart(AXES, [{"name": "a", "values": [50, 9, 7, 5.5, 5]}]))
    assert ([c.attrib for c in inside.iter(f"{SVG}circle")]
            == [c.attrib for c in outside.iter(f"{SVG}circle")])
    low = parse(radar_chart(AXES, [{"name": "a", "values": [1, 1, 1, 1, 1]}]))
    below = parse(radar_chart(AXES, [{"name": "a", "values": [0, -2, 0.5, -9, 1]}]))
    assert ([c.attrib for c in low.iter(f"{SVG}circle")]
            == [c.attrib for c in below.iter(f"{SVG}circle")])


def test_trend_labels_years_and_values():
    root = parse(trend_chart(YEARS, TREND, BANDS))
    shown = texts(root)
    assert {"2022", "2023", "2024"} <= set(shown)
    assert {"1,95", "2,31", "2,52", "2,10"} <= set(shown)
    assert {"Penilaian mandiri", "Hasil BPS"} <= set(shown)
    assert {b["name"] for b in BANDS} <= set(shown)


def test_trend_skips_missing_years():
    root = parse(trend_chart(YEARS, TREND, BANDS))
    lines = list(root.iter(f"{SVG}polyline"))
    # the BPS series has one value: a dot, no line; the self-assessment: one line of 3 points
    assert len(lines) == 1
    assert len(lines[0].get("points").split()) == 3
    assert len(list(root.iter(f"{SVG}circle"))) == 3 + 1
    assert "None" not in str(trend_chart(YEARS, TREND, BANDS))


def test_trend_with_a_gap_in_the_middle():
    series = [{"name": "a", "values": [2.0, None, 3.0]}]
    root = parse(trend_chart(YEARS, series))
    assert len(list(root.iter(f"{SVG}circle"))) == 2
    assert {"2,00", "3,00"} <= set(texts(root))


def test_trend_with_a_single_year():
    root = parse(trend_chart([2024], [{"name": "Penilaian mandiri", "values": [2.52]}], BANDS))
    assert not list(root.iter(f"{SVG}polyline"))
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 1
    width = float(root.get("width"))
    assert 0 < float(circles[0].get("cx")) < width
    assert "2,52" in texts(root) and "2024" in texts(root)


def test_trend_with_no_values_at_all():
    root = parse(trend_chart([2023, 2024], [{"name": "kosong", "values": [None, None]}]))
    assert not list(root.iter(f"{SVG}circle"))
    assert "kosong" in texts(root)


def test_trend_clamps_values():
    root = parse(trend_chart([2023, 2024], [{"name": "a", "values": [-4, 12]}]))
    height = float(root.get("height"))
    for circle in root.iter(f"{SVG}circle"):
        assert 0 <= float(circle.get("cy")) <= height
    assert all(h >= 0 for h in numbers(root, "rect", "height"))


def test_empty_bar_chart_is_still_a_document():
    root = parse(bar_chart([], BANDS))
    assert float(root.get("height")) > 0


def test_svg_image_embeds_the_chart_unchanged():
    import base64

    from reports.charts import svg_image

    chart = bar_chart(BARS, BANDS)
    image = svg_image(chart, alt='Indeks "per" <domain>')
    assert isinstance(image, Markup)
    src = re.search(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', image).group(1)
    assert base64.b64decode(src).decode("utf-8") == str(chart)
    assert 'alt="Indeks &#34;per&#34; &lt;domain&gt;"' in image  # the alt text is escaped
    assert image.startswith('<img class="chart" ')


@pytest.mark.parametrize("width", [400, 520, 700])
def test_band_names_never_overlap(width):
    """Narrow bands (3,5-4,2 "Sangat Baik", 4,2-5 "Memuaskan") in the deck's 400-unit chart
    printed one name over the other; a name that would touch its neighbour goes a row up."""
    root = parse(bar_chart(BARS, BANDS, width=width))
    names = {b["name"] for b in BANDS}
    placed = [(float(t.get("x")), float(t.get("y")), t.text or "")
              for t in root.iter(f"{SVG}text") if t.text in names]
    assert sorted(n for *_, n in placed) == sorted(names)
    half = {n: len(n) * 9 * 0.62 / 2 for n in names}  # DejaVu Sans at 9 units, generously
    for i, (x1, y1, n1) in enumerate(placed):
        assert y1 >= 9  # inside the picture
        for x2, y2, n2 in placed[i + 1:]:
            if y1 == y2:
                assert abs(x1 - x2) >= half[n1] + half[n2], (n1, n2, width)
