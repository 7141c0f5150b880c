"""Charts as plain SVG strings: deterministic, labelled, with an explicit font.

No plotting library: three small charts do not justify matplotlib's weight, and hand-written SVG
is byte-for-byte reproducible (same data, same document), prints sharply at any size, and carries
its numbers as text that a PDF reader can search. Every value is drawn with its label, so a chart
printed in black and white still says what it shows.

Inputs are plain values (lists of dicts) as the templates receive them; outputs are Markup so that
Jinja does not escape the SVG, while every label inside is escaped here.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from reports.formatting import number

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
INK = "#1f2937"
MUTED = "#6b7280"
GRID = "#d1d5db"
SERIES = ("#1d4e89", "#d97706", "#059669", "#7c3aed")
# Light tints for predikat bands, lowest first (Kurang ... Memuaskan).
BAND_TINTS = ("#fde2e1", "#feecd2", "#fdf6c8", "#dcf2dc", "#d3eef0", "#e4e7fb")
# Text sizes in chart units. A chart is printed at most 520 units over the 174 mm text width
# (0.335 mm a unit), so 9 units is 8.5 pt: no printed label is smaller.
SMALL = 9


def _f(value: float) -> str:
    """Coordinates with one decimal: enough for print, and stable across platforms."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _text(x: float, y: float, label: str, *, size: float = 9, anchor: str = "start",
          fill: str = INK, weight: str = "normal") -> str:
    return (f'<text x="{_f(x)}" y="{_f(y)}" font-family="{FONT}" font-size="{size}" '
            f'text-anchor="{anchor}" fill="{fill}" font-weight="{weight}">'
            f"{escape(str(label))}</text>")


def _svg(width: int, height: int, body: list[str], title: str) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" class="chart">'
            f"<title>{escape(title)}</title>")
    return Markup(head + "".join(body) + "</svg>")


def _bands_on(bands: Sequence[Mapping[str, Any]], lo: float, hi: float):
    """(name, start, end, tint) for each band, clipped to the axis range."""
    for i, band in enumerate(bands):
        start = float(band["min"])
        end = float(bands[i + 1]["min"]) if i + 1 < len(bands) else float(band.get("max", hi))
        start, end = max(start, lo), min(end, hi)
        if end > start:
            yield band["name"], start, end, BAND_TINTS[i % len(BAND_TINTS)]


LINE = 11  # one row of SMALL text, with its leading
_EM = 0.62  # DejaVu Sans's widest common letters are about 0.62 em: an upper bound for words


def _label_rows(labels: Sequence[tuple[float, str]], gap: float = 4) -> list[int]:
    """For centred labels left to right, the row each goes on (0, or 1 above it) so that no
    two on a row touch: a narrow band's name goes up a row when it would meet the previous
    one's. Widths are estimated from the letters, generously."""
    right_edge = [-math.inf, -math.inf]
    rows = []
    for centre, text in labels:
        half = len(text) * SMALL * _EM / 2
        row = next((r for r in (0, 1) if centre - half >= right_edge[r] + gap),
                   min((0, 1), key=lambda r: right_edge[r]))  # neither: the less crowded
        right_edge[row] = centre + half
        rows.append(row)
    return rows


def bar_chart(items: Sequence[Mapping[str, Any]], bands: Sequence[Mapping[str, Any]] = (), *,
              lo: float = 1.0, hi: float = 5.0, title: str = "Indeks per domain",
              width: int = 520, row: int = 26) -> Markup:
    """Horizontal bars (one per item: ``label``, ``value``) over the predikat bands.

    An item's ``display`` is the figure printed beside its bar, as the caller rounded it (the
    rounding of a score is the caller's rule, not this package's); without it the value is
    printed with :func:`reports.formatting.number`."""
    left, right = 150, 42
    plot = width - left - right

    def x(value: float) -> float:
        return left + (min(max(value, lo), hi) - lo) / (hi - lo) * plot

    drawn = list(_bands_on(bands, lo, hi))
    rows = _label_rows([((x(start) + x(end)) / 2, name) for name, start, end, _ in drawn])
    top = 26 + (LINE if any(rows) else 0)  # a second row of band names needs the room
    height = top + row * len(items) + 24
    body: list[str] = []
    bottom = top + row * len(items)
    for (name, start, end, tint), label_row in zip(drawn, rows, strict=True):
        body.append(f'<rect x="{_f(x(start))}" y="{top - 4}" width="{_f(x(end) - x(start))}" '
                    f'height="{bottom - top + 8}" fill="{tint}"/>')
        body.append(_text((x(start) + x(end)) / 2, top - 10 - label_row * LINE, name,
                          size=SMALL, anchor="middle", fill=MUTED))
    for tick in range(math.ceil(lo), math.floor(hi) + 1):
        body.append(f'<line x1="{_f(x(tick))}" y1="{top - 4}" x2="{_f(x(tick))}" '
                    f'y2="{bottom + 4}" stroke="{GRID}" stroke-width="0.6"/>')
        body.append(_text(x(tick), bottom + 16, number(tick, 0), size=SMALL, anchor="middle",
                          fill=MUTED))
    for i, item in enumerate(items):
        y = top + i * row
        value = float(item["value"])
        body.append(_text(left - 8, y + row / 2 + 3, item["label"], anchor="end"))
        body.append(f'<rect x="{left}" y="{_f(y + 5)}" width="{_f(x(value) - left)}" '
                    f'height="{row - 10}" fill="{SERIES[0]}" rx="1.5"/>')
        shown = item.get("display") or number(value)
        body.append(_text(x(value) + 5, y + row / 2 + 3, shown, weight="bold"))
    return _svg(width, height, body, title)


def radar_chart(axes: Sequence[str], series: Sequence[Mapping[str, Any]], *,
                lo: float = 1.0, hi: float = 5.0, title: str = "Profil domain",
                size: int = 320) -> Markup:
    """One polygon per series (``name``, ``values`` in axis order) on rings at each level."""
    width, height = size + 160, size + 40
    cx, cy, radius = width / 2, size / 2 + 18, size / 2 - 24
    count = len(axes)

    def point(index: float, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = (min(max(value, lo), hi) - lo) / (hi - lo) * radius
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    body: list[str] = []
    for ring in range(math.ceil(lo), math.floor(hi) + 1):
        ring_pts = " ".join(f"{_f(px)},{_f(py)}"
                            for px, py in (point(i, ring) for i in range(count)))
        body.append(f'<polygon points="{ring_pts}" fill="none" stroke="{GRID}" '
                    'stroke-width="0.6"/>')
        # The level of each ring, between the first two axes: clear of every axis label.
        tx, ty = point(0.5, ring) if count > 1 else point(0, ring)
        body.append(_text(tx + 2, ty + 3, number(ring, 0), size=SMALL, fill=MUTED))
    for i, label in enumerate(axes):
        ex, ey = point(i, hi)
        body.append(f'<line x1="{_f(cx)}" y1="{_f(cy)}" x2="{_f(ex)}" y2="{_f(ey)}" '
                    f'stroke="{GRID}" stroke-width="0.6"/>')
        lx, ly = point(i, hi + (hi - lo) * 0.1)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        body.append(_text(lx, ly + 3, label, size=SMALL, anchor=anchor))
    for s, entry in enumerate(series):
        colour = SERIES[s % len(SERIES)]
        pts = [point(i, float(v)) for i, v in enumerate(entry["values"])]
        body.append(f'<polygon points="{" ".join(f"{_f(px)},{_f(py)}" for px, py in pts)}" '
                    f'fill="{colour}" fill-opacity="0.12" stroke="{colour}" stroke-width="1.6"/>')
        for px, py in pts:
            body.append(f'<circle cx="{_f(px)}" cy="{_f(py)}" r="2.2" fill="{colour}"/>')
        body.append(f'<rect x="8" y="{8 + s * 14}" width="10" height="10" fill="{colour}"/>')
        body.append(_text(22, 17 + s * 14, entry["name"], size=SMALL))
    return _svg(width, height, body, title)


def trend_chart(years: Sequence[int], series: Sequence[Mapping[str, Any]],
                bands: Sequence[Mapping[str, Any]] = (), *, lo: float = 1.0, hi: float = 5.0,
                title: str = "IPS per tahun", width: int = 520, height: int = 220) -> Markup:
    """Lines over years (``series``: ``name`` and ``values``, None where a year has no value).

    A series' optional ``labels`` (one per year, as the caller rounded them) are printed at the
    points instead of the values formatted by :func:`reports.formatting.number`."""
    left, right, top, bottom = 34, 96, 12, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    slots = max(len(years), 1)

    def x(index: int) -> float:
        return left + plot_w * ((index + 0.5) / slots)

    def y(value: float) -> float:
        return top + plot_h * (1 - (min(max(value, lo), hi) - lo) / (hi - lo))

    body: list[str] = []
    for name, start, end, tint in _bands_on(bands, lo, hi):
        body.append(f'<rect x="{left}" y="{_f(y(end))}" width="{plot_w}" '
                    f'height="{_f(y(start) - y(end))}" fill="{tint}"/>')
        body.append(_text(left + plot_w + 4, (y(start) + y(end)) / 2 + 3, name, size=SMALL,
                          fill=MUTED))
    for tick in range(math.ceil(lo), math.floor(hi) + 1):
        body.append(f'<line x1="{left}" y1="{_f(y(tick))}" x2="{left + plot_w}" '
                    f'y2="{_f(y(tick))}" stroke="{GRID}" stroke-width="0.6"/>')
        body.append(_text(left - 6, y(tick) + 3, number(tick, 0), size=SMALL, anchor="end",
                          fill=MUTED))
    for i, year in enumerate(years):
        body.append(_text(x(i), height - 8, str(year), size=SMALL, anchor="middle"))
    for s, entry in enumerate(series):
        colour = SERIES[s % len(SERIES)]
        labels = entry.get("labels") or [None] * len(entry["values"])
        pts = [(x(i), y(float(v)), label or number(v))
               for i, (v, label) in enumerate(zip(entry["values"], labels, strict=True))
               if v is not None]
        if len(pts) > 1:
            path = " ".join(f"{_f(px)},{_f(py)}" for px, py, _ in pts)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                        f'stroke-width="1.8"/>')
        for px, py, shown in pts:
            body.append(f'<circle cx="{_f(px)}" cy="{_f(py)}" r="2.8" fill="{colour}"/>')
            offset = -7 if s % 2 == 0 else 13
            body.append(_text(px, py + offset, shown, size=SMALL, anchor="middle",
                              fill=colour, weight="bold"))
        body.append(f'<rect x="{left + 6}" y="{top + 6 + s * 13}" width="9" height="9" '
                    f'fill="{colour}"/>')
        body.append(_text(left + 19, top + 14 + s * 13, entry["name"], size=SMALL))
    return _svg(width, height, body, title)


def svg_image(svg: Markup, alt: str = "") -> Markup:
    """A chart as an ``<img>`` with a ``data:`` URI instead of inline ``<svg>`` markup.

    WeasyPrint runs inline SVG through the HTML parser and the CSS cascade before serialising it
    again for its SVG renderer; as an image it is parsed once. The chart is drawn the same way
    (vector shapes, labels as searchable text) and the dossier renders about 3 % faster."""
    data = base64.b64encode(str(svg).encode("utf-8")).decode("ascii")
    return Markup('<img class="chart" alt="{}" src="data:image/svg+xml;base64,{}">').format(
        alt, data)


# Block letters drawn as strokes (no text, so a PDF reader extracting the page's words does not
# read the watermark as the first word of every page), in 70-unit cells, 100 units high.
_LETTERS = {
    "D": "M10 10 V90 H28 Q60 90 60 50 Q60 10 28 10 Z",
    "R": "M10 90 V10 H34 Q60 10 60 32 Q60 54 34 54 H10 M34 54 L60 90",
    "A": "M5 90 L32 10 L59 90 M16 62 H48",
    "F": "M58 10 H10 V90 M10 50 H46",
}


def watermark(word: str = "DRAF", colour: str = "#b91c1c", opacity: float = 0.10) -> str:
    """A ``data:`` URI of an SVG that writes ``word`` diagonally across an A4 page, for a CSS
    page background. Only the letters of :data:`_LETTERS` are drawn."""
    paths = [f'<path transform="translate({i * 75} 0)" d="{_LETTERS[ch]}"/>'
             for i, ch in enumerate(word) if ch in _LETTERS]
    width = 75 * len(paths)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 210 297" width="210mm" '
           f'height="297mm"><g transform="translate(105 148.5) rotate(-35) scale(0.6) '
           f'translate({-width / 2:.1f} -50)" fill="none" stroke="{colour}" '
           f'stroke-opacity="{opacity}" stroke-width="13" stroke-linejoin="round" '
           f'stroke-linecap="round">{"".join(paths)}</g></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
