"""The Tahap III presentation: an editable PowerPoint (python-pptx) and the same slides as a
16:9 PDF (WeasyPrint, ``deck.html.j2``).

One list of slides is built from the workspace (``build_deck``) and drawn twice: by
``write_pptx`` with native, editable PowerPoint charts and by the template with the SVG charts
of ``reports.charts``. Every box has its place in points on a 960 x 540 pt slide (13,33 x 7,5
inch), the same in both, and its font size is chosen so that its text fits (``fit``: an
estimate by characters per line and lines per box, made for the widest font either output
uses). Text the user wrote (the profile, the highlights) is printed as written; when it does
not fit one slide at the smallest size it continues on the next slide, never cut.

Figures come from the dossier's context (``dossier.build_context``), so the deck, the dossier
and the summary print the same IPS, indices and plan with the edition's rounding.
"""

from __future__ import annotations

import base64
import datetime as _dt
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from epss.core.catalog import Rounding
from epss.core.errors import WorkspaceError
from epss.core.scoring import format_index, round_index
from epss.services.dossier import build_context, write_output
from epss.services.profile import award_for_year
from epss.services.workspace import Workspace

TEMPLATE = "deck.html.j2"
SLIDE_W, SLIDE_H = 960, 540  # points: 13.333 x 7.5 inch, 16:9
MARGIN = 40
INSET = 7.2  # a text box's inner margin (PowerPoint's default 0.1 inch), both outputs
CHAR_EM = 0.6  # average character width in em, DejaVu Sans (wider than Arial/Calibri)
LINE = 1.25  # line height in em
PARA_GAP = 0.35  # extra space after a paragraph, in em
MIN_SIZE = 14  # points: below this a projected slide is not read
PPTX_FONT = "Arial"  # in the PDF: DejaVu Sans (the estimate holds for the wider of the two)
NAVY, GREY, ACCENT = "12355B", "4B5563", "B45309"
SUFFIXES = (".pptx", ".pdf")
MAX_RAISES = 4
MAX_PLAN_STEPS = 8


# -- fitting text into a box -------------------------------------------------------------------


def text_lines(text: str, width: float, size: float) -> int:
    """Lines a paragraph takes in a box ``width`` points wide (inner width) at ``size``.

    Word wrapping wastes the end of a line: each line is counted as holding 90 % of the
    characters that would fit, and an explicit line break starts a new line."""
    per_line = max(1, int(width / (size * CHAR_EM) * 0.9))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def text_height(paragraphs: Iterable[str], width: float, size: float) -> float:
    texts = list(paragraphs)
    lines = sum(text_lines(t, width, size) for t in texts)
    return lines * size * LINE + max(0, len(texts) - 1) * size * PARA_GAP


def fits(paragraphs: Iterable[str], w: float, h: float, size: float) -> bool:
    return text_height(paragraphs, w - 2 * INSET, size) <= h - 2 * INSET


def fit(paragraphs: list[str], w: float, h: float,
        sizes: Iterable[float] = (28, 24, 22, 20, 18, 16, 14)) -> float | None:
    """The largest size at which the paragraphs fit the box, or None."""
    return next((s for s in sizes if fits(paragraphs, w, h, s)), None)


def paginate(paragraphs: list[str], w: float, h: float,
             size: float = MIN_SIZE) -> list[list[str]]:
    """The paragraphs in chunks that each fit the box at ``size``, in order and none lost; a
    paragraph too long for what is left of a box continues, between words, in the next. A word
    longer than a line (a pasted address, a run of characters) is cut where the line ends, as
    the renderer would wrap it, so that no text can be too long for the deck."""
    per_line = max(1, int((w - 2 * INSET) / (size * CHAR_EM) * 0.9))
    chunks: list[list[str]] = [[]]
    for para in paragraphs:
        if fits([*chunks[-1], para], w, h, size):
            chunks[-1].append(para)
            continue
        if chunks[-1] and fits([para], w, h, size):
            chunks.append([para])
            continue
        current = ""
        for word in _words(para, per_line):
            trial = current + word
            if fits([*chunks[-1], trial.rstrip()], w, h, size):
                current = trial
                continue
            if current.strip():
                chunks[-1].append(current.rstrip())
            chunks.append([])
            current = word.lstrip()
        if current.strip():
            chunks[-1].append(current.rstrip())
    return [c for c in chunks if c] or [[]]


def _words(paragraph: str, per_line: int) -> Iterator[str]:
    """The paragraph's words with their trailing space, each at most ``per_line`` characters."""
    for word in re.split(r"(?<=\s)", paragraph):
        while len(word.rstrip()) > per_line:
            yield word[:per_line]
            word = word[per_line:]
        if word:
            yield word


# -- slide elements (plain dicts, drawn by write_pptx and by deck.html.j2) ---------------------


def text_box(x: float, y: float, w: float, h: float, paragraphs: list[str], *,
             sizes: Iterable[float] = (28, 24, 22, 20, 18, 16, 14), bold: bool = False,
             color: str = "1F2937", align: str = "left", bullets: bool = False,
             size: float | None = None) -> dict[str, Any]:
    """A text box whose font size makes its text fit (the first of ``sizes`` that fits, then
    12, 11 or 10 pt for a short field the user made long), or ``size`` when it fits."""
    if size is not None:
        chosen: float | None = size if fits(paragraphs, w, h, size) else None
    else:
        chosen = fit(paragraphs, w, h, (*sizes, 12, 11, 10))
    if chosen is None:  # long text is paginated first; a field is bounded by its validation
        raise ValueError(f"text does not fit its box: {paragraphs!r:.80}")
    return {"type": "text", "x": x, "y": y, "w": w, "h": h, "size": chosen, "bold": bold,
            "color": color, "align": align, "bullets": bullets,
            "paragraphs": [p for p in paragraphs]}


def _slide(title: str, *elements: dict[str, Any], kind: str = "content") -> dict[str, Any]:
    return {"kind": kind, "title": title, "elements": list(elements)}


def _body(paragraphs: list[str], *, bullets: bool = False, x: float = MARGIN,
          w: float = SLIDE_W - 2 * MARGIN, y: float = 110, h: float = 370,
          sizes: Iterable[float] = (24, 22, 20, 18, 16, 14)) -> dict[str, Any]:
    return text_box(x, y, w, h, paragraphs, bullets=bullets, sizes=sizes)


def _continued(title: str, paragraphs: list[str], *, bullets: bool = False,
               x: float = MARGIN, w: float = SLIDE_W - 2 * MARGIN, y: float = 110,
               h: float = 370) -> list[dict[str, Any]]:
    """One slide, or several ("lanjutan") when the text does not fit one at the smallest size."""
    if fit(paragraphs, w, h, (24, 22, 20, 18, 16, 14)) is not None:
        return [_slide(title, _body(paragraphs, bullets=bullets, x=x, w=w, y=y, h=h))]
    chunks = paginate(paragraphs, w, h)
    return [_slide(title if n == 0 else f"{title} (lanjutan)",
                   text_box(x, y, w, h, chunk, bullets=bullets, size=MIN_SIZE))
            for n, chunk in enumerate(chunks)]


# -- the slides --------------------------------------------------------------------------------



def award_name(award: str, year: int, latest: int) -> str:
    """The award the deck of ``year`` names (:func:`award_for_year`), or the generic name of
    the year when the profile's would not do."""
    return award_for_year(award, year, latest) or f"Satu Data Award {year}"


def number_format(rounding: Rounding) -> str:
    """The chart number format with the edition's decimals ("0.00"): the values are already
    rounded (``chart_values``), the format only keeps their trailing zeros."""
    return "0." + "0" * rounding.decimals if rounding.decimals else "0"


def chart_values(values: Iterable[float | None], labels: Iterable[str | None],
                 rounding: Rounding) -> list[float | None]:
    """A chart's values as the slide's text prints them: each label ("2,30", rounded from the
    exact index in the edition's mode) read back as a number (2.3), so PowerPoint draws and
    labels the same figure as the text and never rounds a tie its own way. A value without a
    label is rounded here by the same rule (from its float, the best there is)."""
    given = list(values)
    texts = [*labels][:len(given)]
    texts += [None] * (len(given) - len(texts))
    shown: list[float | None] = []
    for value, label in zip(given, texts, strict=True):
        if value is None:
            shown.append(None)
            continue
        try:
            shown.append(float(Decimal((label or "").replace(",", "."))))
        except InvalidOperation:
            shown.append(float(round_index(Fraction(value), rounding)))
    return shown


def _evidence_titles(context: dict[str, Any]) -> dict[str, list[str]]:
    titles: dict[str, list[str]] = {}
    for domain in context["domains"]:
        for aspect in domain["aspects"]:
            for ind in aspect["indicators"]:
                titles[ind["code"]] = [e["title"] for e in ind["evidence"] if not e["hidden"]]
    return titles


def _self_vs_bps(ws: Workspace) -> dict[str, Any] | None:
    """The latest year with a BPS result against that year's self-assessment."""
    try:
        year = ws.assessment(None, "badan").year
        gap = ws.compare_self_vs_badan(year)
    except WorkspaceError:
        return None
    rounding = ws.catalog.edition.rounding

    def shown(value: Any) -> str:
        return format_index(value, rounding) if value is not None else "–"

    def signed(value: Any) -> str:
        if value is None:
            return "–"
        text = format_index(abs(value), rounding)
        return ("+" if value > 0 else "−" if value < 0 else "±") + text

    badan = gap.badan
    rows = [["IPS", shown(gap.mandiri.ips), shown(badan.ips), signed(gap.ips_gap)]]
    rows += [[f"Domain {d.code} {d.name}", shown(d.mandiri_index), shown(d.badan_index),
              signed(d.gap)] for d in gap.domains]
    return {"year": year, "rows": rows}


def build_deck(ws: Workspace, assessment_id: int, *,
               today: _dt.date | None = None) -> dict[str, Any]:
    """The slides of the Tahap III presentation as plain values (see the module doc)."""
    ctx = build_context(ws, assessment_id, template="dossier", today=today)
    profile, agency, score = ctx["profile"], ctx["agency"], ctx["assessment"]
    year = score["year"]
    card = ctx["score"]
    rounding = ws.catalog.edition.rounding
    latest = ws.assessment(None, ws.get_assessment(assessment_id).kind).year
    award = award_name(profile["award"], year, latest)
    slides: list[dict[str, Any]] = []

    # 1. title
    logo = profile["logo"]
    name_x = MARGIN + (200 if logo else 0)
    name_w = SLIDE_W - MARGIN - name_x
    title_elements = [
        text_box(name_x, 120, name_w, 130, [agency["name"]], sizes=(40, 36, 32, 28, 24, 20),
                 bold=True, color=NAVY),
        text_box(name_x, 255, name_w, 80, [profile["unit"] or agency["kind"]],
                 sizes=(24, 22, 20, 18, 16), color=GREY),
        text_box(name_x, 340, name_w, 90, [award, "Presentasi dan wawancara · Tahap III"],
                 sizes=(24, 22, 20, 18, 16, 14), color=ACCENT),
    ]
    if logo:
        title_elements.insert(0, {"type": "image", "x": MARGIN, "y": 150, "w": 170, "h": 170,
                                  "uri": logo})
    # the slide's title (PowerPoint's outline) is ours; the award the user named is in the body
    slides.append(_slide(f"Presentasi Tahap III · {year}", *title_elements, kind="title"))

    # 2. profile (verbatim), with the contact
    about = profile["about"] or ["(Profil singkat belum diisi: `epss profil set --about-file "
                                 "BERKAS` atau tombol o di Beranda.)"]
    slides += _continued("Profil singkat", about)

    # 3. the result
    story = ctx["story"]
    coverage = story["coverage"]
    result = [f"Predikat {card['predikat']}" + (" (sementara)" if card["provisional"] else ""),
              f"{card['answered']} dari {card['total']} indikator terisi; indikator berbukti "
              f"{coverage['evidenced']}/{coverage['total']}",
              f"Domain terkuat: {story['strongest']['name']} "
              f"({story['strongest']['index_display']})",
              f"Domain terlemah: {story['weakest']['name']} "
              f"({story['weakest']['index_display']})"]
    slides.append(_slide(f"Hasil EPSS: {score['kind'].lower()} {year}",
                         text_box(MARGIN, 110, 880, 110, [card["ips_display"]],
                                  size=72, bold=True, color=NAVY),
                         _body(result, bullets=True, y=230, h=250)))

    # 4. IPS trend
    history = ctx["history"]
    change = history["change"] if history else None
    if history and change and len(history["years"]) > 1:
        trend_text = [f"IPS {story['trend']['first']} ({change['first_year']}) → "
                      f"{story['trend']['last']} ({change['last_year']}), "
                      f"{story['trend']['delta']}",
                      f"{change['counts']['raised']} indikator naik, "
                      f"{change['counts']['lowered']} turun, "
                      f"{change['counts']['unchanged']} tetap"]
        chart = {"type": "chart", "chart": "line", "x": MARGIN, "y": 105, "w": 560, "h": 380,
                 "categories": [str(y) for y in history["years"]],
                 "years": history["years"], "number_format": number_format(rounding),
                 "series": [{"name": s["name"],
                             "values": chart_values(s["values"], s.get("labels") or [],
                                                    rounding),
                             "labels": s.get("labels") or []} for s in history["series"]]}
        slides.append(_slide("Tren IPS", chart,
                             _body(trend_text, x=620, w=300, y=120, h=360,
                                   sizes=(22, 20, 18, 16, 14))))
    else:
        slides.append(_slide("Tren IPS", _body([
            f"Baru ada penilaian tahun {year}: tren tampil setelah ada penilaian tahun lain."])))

    # 5. domains
    bars = ctx["charts"]["domain_bars"]
    slides.append(_slide(f"Indeks per domain {year}", {
        "type": "chart", "chart": "bar", "x": MARGIN, "y": 105, "w": 560, "h": 380,
        "categories": [b["label"] for b in bars], "items": bars,
        "number_format": number_format(rounding),
        "series": [{"name": f"Indeks {year}",
                    "values": chart_values([b["value"] for b in bars],
                                           [b["display"] for b in bars], rounding),
                    "labels": [b["display"] for b in bars]}]},
        _body([f"{d['code']} {d['name']}: {d['index_display']}" for d in ctx["domains"]],
              x=620, w=300, y=120, h=360, sizes=(18, 16, 14))))

    # 6. what improved and how
    evidence = _evidence_titles(ctx)
    if change and change["raised"]:
        raised = sorted(change["raised"],
                        key=lambda r: (-(r["effect"] or 0), r["code"]))
        lines = []
        for r in raised[:MAX_RAISES]:
            titles = evidence.get(r["code"], [])
            # the jury's copy: a raise without evidence is shown without an evidence line
            # (the preparer is told by `epss periksa`: "Tingkat 2 ke atas tanpa bukti dukung")
            proof = ("\nBukti: " + "; ".join(titles[:2])
                     + (f" (dan {len(titles) - 2} lainnya)" if len(titles) > 2 else "")
                     if titles else "")
            lines.append(f"{r['code']} {r['short_name']}: tingkat {r['old_level']} → "
                         f"{r['new_level']} ({r['effect_display']} IPS){proof}")
        if len(raised) > MAX_RAISES:
            lines.append(f"… dan {len(raised) - MAX_RAISES} indikator lain yang naik "
                         "(rinciannya di berkas penilaian)")
        slides += _continued(f"Yang membaik sejak {change['first_year']} "
                             "dan buktinya", lines, bullets=True)
    else:
        slides.append(_slide("Yang membaik", _body([
            "Belum ada kenaikan tingkat yang bisa dibandingkan dengan tahun sebelumnya."])))

    # 7. highlights (verbatim)
    highlights = profile["highlights"] or ["(Inovasi unggulan belum diisi: `epss profil set "
                                           "--highlight TEKS` atau tombol o di Beranda.)"]
    slides += _continued("Inovasi unggulan", list(highlights), bullets=True)

    # 8. self vs BPS
    gap = _self_vs_bps(ws)
    if gap:
        slides.append(_slide(f"Penilaian mandiri dan hasil BPS {gap['year']}", {
            "type": "table", "x": MARGIN, "y": 105, "w": 880, "h": 330, "size": 16,
            "columns": ["", "Mandiri", "BPS", "Selisih"],
            "widths": [0.52, 0.16, 0.16, 0.16], "rows": gap["rows"]},
            text_box(MARGIN, 438, 880, 60, [
                "Angka BPS: hasil evaluasi BPS (Peraturan BPS 3/2022) sebagaimana dicatat di "
                "workspace; angka mandiri: penilaian instansi sendiri. Selisih = mandiri − BPS."],
                sizes=(14,), color=GREY)))
    else:
        slides.append(_slide("Penilaian mandiri dan hasil BPS", _body([
            "Belum ada hasil evaluasi BPS yang dicatat di workspace ini, jadi belum ada "
            "pembanding. Angka di presentasi ini adalah penilaian mandiri."])))

    # 9. action plan
    plan = ctx["plan"]
    if plan and plan["steps"]:
        rows = [[s["code"], s["short_name"], f"{s['from_level']} → {s['to_level']}",
                 f"+{s['gain_display']}", s["running_ips_display"]]
                for s in plan["steps"][:MAX_PLAN_STEPS]]
        more = len(plan["steps"]) - len(rows)
        slides.append(_slide(f"Rencana aksi menuju {plan['target']['label']}", {
            "type": "table", "x": MARGIN, "y": 105, "w": 880, "h": 325,
            "size": 14 if len(rows) <= 5 else 12,
            "columns": ["Kode", "Indikator", "Tingkat", "IPS +", "IPS"],
            "widths": [0.1, 0.56, 0.12, 0.1, 0.12], "rows": rows},
            text_box(MARGIN, 438, 880, 60, [
                plan["message"] + (f" ({more} langkah lagi di berkas penilaian.)" if more
                                   else "")], sizes=(14,), color=GREY)))
    elif plan:
        slides.append(_slide("Rencana aksi", _body([plan["message"]])))

    # 10. closing
    signer = profile["signer"]
    closing = ["Terima kasih"]
    who = [t for t in (signer["name"], signer["title"]) if t]
    tail = [", ".join(who)] if who else []
    if profile["contact"]:
        tail.append(f"Narahubung: {profile['contact']}")
    slides.append(_slide("Penutup",
                         text_box(MARGIN, 150, 880, 110, closing, size=54, bold=True,
                                  color=NAVY, align="center"),
                         text_box(MARGIN, 270, 880, 180, [agency["name"], *tail],
                                  sizes=(22, 20, 18, 16, 14), align="center", color=GREY),
                         kind="closing"))

    footer = f"{agency['name']} · {award}"  # chrome: the award is shown whole on the title
    if not fits([footer], 760, 30, 8):
        footer = agency["name"]
    for number, slide in enumerate(slides, 1):
        slide["number"] = number
    return {
        "document": {"title": f"Presentasi {award} — {agency['name']}",
                     "heading": "Presentasi", "subject": f"Tahap III {award}",
                     "language": "id", "generated": ctx["document"]["generated"],
                     "tool": ctx["document"]["tool"]},
        "agency": agency, "assessment": {"year": year}, "award": award,
        "footer": footer, "total": len(slides), "slides": slides,
        "bands": ctx["bands"], "ips_display": card["ips_display"],
        "predikat": card["predikat"],
        "size": {"w": SLIDE_W, "h": SLIDE_H, "margin": MARGIN, "inset": INSET},
    }


# -- PowerPoint --------------------------------------------------------------------------------


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour)


def _pt(value: float) -> int:
    from pptx.util import Pt

    return int(Pt(value))


def _text(slide: Any, el: dict[str, Any]) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Pt

    box = slide.shapes.add_textbox(_pt(el["x"]), _pt(el["y"]), _pt(el["w"]), _pt(el["h"]))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Pt(INSET))
    for n, text in enumerate(el["paragraphs"]):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        para.alignment = {"center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}.get(
            el["align"], PP_ALIGN.LEFT)
        para.space_after = Pt(el["size"] * PARA_GAP)
        lines = text.split("\n")
        for k, line in enumerate(lines):
            run = para.add_run()
            run.text = ("• " if el["bullets"] and k == 0 else "") + line
            font = run.font
            font.size = Pt(el["size"])
            font.name = PPTX_FONT
            font.bold = el["bold"] or (el["bullets"] and k == 0 and len(lines) > 1)
            font.color.rgb = _rgb(el["color"] if k == 0 else GREY)
            if k < len(lines) - 1:
                para.add_line_break()


def _chart(slide: Any, el: dict[str, Any]) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Pt

    shown = el.get("number_format", "0.00")  # the values come rounded (``chart_values``)
    data = CategoryChartData(number_format=shown)
    data.categories = el["categories"]
    for series in el["series"]:
        data.add_series(series["name"], series["values"])
    kind = XL_CHART_TYPE.LINE_MARKERS if el["chart"] == "line" else XL_CHART_TYPE.BAR_CLUSTERED
    frame = slide.shapes.add_chart(kind, _pt(el["x"]), _pt(el["y"]), _pt(el["w"]),
                                   _pt(el["h"]), data)
    chart = frame.chart
    chart.font.size = Pt(14)
    chart.font.name = PPTX_FONT
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 1.0, 5.0, 1.0
    axis.has_major_gridlines = True
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = shown
    plot.data_labels.number_format_is_linked = False
    if el["chart"] == "bar":
        chart.has_legend = False
        chart.category_axis.reverse_order = True  # domain 1 on top, as in the PDF
        plot.series[0].format.fill.solid()
        plot.series[0].format.fill.fore_color.rgb = _rgb(NAVY)
    else:
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False


def _table(slide: Any, el: dict[str, Any]) -> None:
    from pptx.util import Pt

    rows, cols = len(el["rows"]) + 1, len(el["columns"])
    frame = slide.shapes.add_table(rows, cols, _pt(el["x"]), _pt(el["y"]), _pt(el["w"]),
                                   _pt(min(el["h"], (rows) * el["size"] * 2.4)))
    table = frame.table
    for c, share in enumerate(el["widths"]):
        table.columns[c].width = _pt(el["w"] * share)
    for r, values in enumerate([el["columns"], *el["rows"]]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = str(value)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(el["size"])
                    run.font.name = PPTX_FONT
                    run.font.bold = r == 0


def _footer(slide: Any, deck: dict[str, Any], number: int) -> None:
    _text(slide, text_box(MARGIN, SLIDE_H - 36, 760, 30, [deck["footer"]],
                          sizes=(10, 9, 8), color=GREY))
    _text(slide, text_box(SLIDE_W - MARGIN - 100, SLIDE_H - 36, 100, 30,
                          [f"{number}/{deck['total']}"], size=10, color=GREY, align="right"))


def pptx_bytes(deck: dict[str, Any]) -> bytes:
    """The deck as a .pptx file (16:9, every text in a text box, charts native and
    editable). Its dates (core properties, zip entries) are the deck's ``generated`` date, so
    the same data on the same day gives the same bytes."""
    from pptx import Presentation
    from pptx.util import Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(SLIDE_W), Pt(SLIDE_H)
    layout = prs.slide_layouts[5]  # "Title Only": the title is the slide's real title
    for slide_data in deck["slides"]:
        slide = prs.slides.add_slide(layout)
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = (
            _pt(MARGIN), _pt(24), _pt(SLIDE_W - 2 * MARGIN), _pt(70))
        title.text = slide_data["title"]
        frame = title.text_frame
        frame.word_wrap = True
        for para in frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(30 if slide_data["kind"] != "title" else 20)
                run.font.bold = True
                run.font.name = PPTX_FONT
                run.font.color.rgb = _rgb(NAVY if slide_data["kind"] != "title" else ACCENT)
        for el in slide_data["elements"]:
            if el["type"] == "text":
                _text(slide, el)
            elif el["type"] == "chart":
                _chart(slide, el)
            elif el["type"] == "table":
                _table(slide, el)
            elif el["type"] == "image":
                _image(slide, el)
        _footer(slide, deck, slide_data["number"])
    props = prs.core_properties
    props.title = deck["document"]["title"]
    props.author = deck["agency"]["name"]
    props.subject = deck["document"]["subject"]
    props.language = "id-ID"
    fixed = _dt.datetime.fromisoformat(deck["document"]["generated"])
    props.created = props.modified = fixed
    props.last_modified_by = deck["document"]["tool"]
    props.revision = 1
    out = io.BytesIO()
    prs.save(out)
    return _fixed_zip(out.getvalue(), fixed)


_W3C_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _fixed_zip(data: bytes, moment: _dt.datetime) -> bytes:
    """The same zip with every entry dated ``moment``: python-pptx stamps the time of
    writing, and each chart's embedded workbook (its editable data) carries the time it was
    written inside, so without this the same slides would never be the same bytes."""
    import zipfile

    w3c = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")

    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute,
             moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename.endswith(".xlsx"):  # a chart's data: a zip of its own
                content = _fixed_zip(content, moment)
            elif info.filename == "docProps/core.xml":
                content = _W3C_DATES.sub(rb"\g<1>" + w3c + rb"\g<2>", content)
            target.writestr(entry, content)
    return out.getvalue()


def _image(slide: Any, el: dict[str, Any]) -> None:
    """The logo, kept within its box and its proportions."""
    data = base64.b64decode(el["uri"].split(",", 1)[1])
    picture = slide.shapes.add_picture(io.BytesIO(data), _pt(el["x"]), _pt(el["y"]))
    scale = min(_pt(el["w"]) / picture.width, _pt(el["h"]) / picture.height)
    picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)


# -- rendering and writing -----------------------------------------------------------------


def default_output(ws: Workspace, assessment_id: int, suffix: str = ".pptx") -> Path:
    """presentasi-<code>-<year>.pptx (or .pdf) in ``Workspace.reports_folder``."""
    year = ws.get_assessment(assessment_id).year
    return ws.reports_folder / f"presentasi-{ws.agency.code}-{year}{suffix}"


def check_output(target: Path) -> str:
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise WorkspaceError(f"{target.name}: presentasi ditulis sebagai .pptx atau .pdf, "
                             f"bukan {suffix or 'tanpa akhiran'}")
    return suffix


def render_deck(ws: Workspace, assessment_id: int, target: Path | None = None, *,
                progress: Callable[[str], None] | None = None,
                today: _dt.date | None = None) -> Path:
    """Build the slides and write them as .pptx or .pdf (by the target's suffix; default
    the .pptx in WORKSPACE/reports/); returns where it went."""
    say = progress or (lambda _stage: None)
    target = target or default_output(ws, assessment_id)
    suffix = check_output(target)
    say("membaca workspace")
    try:
        deck = build_deck(ws, assessment_id, today=today)
    except ValueError as exc:  # a box the layout cannot fill; never a traceback for the user
        raise WorkspaceError("presentasi tidak dapat disusun: ada teks yang tidak muat di "
                             "slidenya; persingkat teks profil atau penjelasan") from exc
    if suffix == ".pptx":
        say("menyusun slide PowerPoint")
        data = pptx_bytes(deck)
    else:
        from reports.renderer import render

        data = render(TEMPLATE, deck, progress=say)
    write_output(target, data)
    say("selesai")
    return target
