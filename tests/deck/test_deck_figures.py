"""What the jury reads in the Tahap III deck: the charts carry the figures the slide text
prints (rounded by the edition's setting, not by PowerPoint), the award named is the deck
year's, and a raise without evidence is shown without advertising it.

The .pptx is read back as its zip: each chart's cached values and number format
(``ppt/charts/chartN.xml``) and its embedded workbook (the data PowerPoint edits)."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest
from pptx import Presentation
from rounding_ties import LEVELS

from epss.core.catalog import Rounding, load_catalog
from epss.services.deck import (
    award_name,
    build_deck,
    chart_values,
    number_format,
    pptx_bytes,
    render_deck,
)
from epss.services.profile import load_profile, save_profile
from epss.services.workspace import Workspace

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
DOMAINS_2024 = ["3,00", "2,30", "2,58", "2,50", "1,78"]  # the demo, as `epss score` shows them


def number(text: str) -> float:
    """A figure as the slide prints it ("2,30") as a number."""
    return float(text.replace(",", "."))


def charts(pptx: bytes) -> dict[str, dict]:
    """Per chart (by the slide title above it): its series' cached values, the number formats
    of the values and of the data labels, and the embedded workbook's rows."""
    prs = Presentation(io.BytesIO(pptx))
    found = {}
    with zipfile.ZipFile(io.BytesIO(pptx)) as archive:
        for slide in prs.slides:
            for shape in slide.shapes:
                if not shape.has_chart:
                    continue
                part = shape.chart.part
                root = ElementTree.fromstring(archive.read(str(part.partname).lstrip("/")))
                series = {}
                for ser in root.iter(f"{C}ser"):
                    name = ser.find(f"{C}tx//{C}v").text
                    cache = ser.find(f"{C}val/{C}numRef/{C}numCache")
                    count = int(cache.find(f"{C}ptCount").get("val"))
                    values: list[str | None] = [None] * count
                    for pt in cache.findall(f"{C}pt"):
                        values[int(pt.get("idx"))] = pt.find(f"{C}v").text
                    series[name] = {"values": values,
                                    "format": cache.find(f"{C}formatCode").text}
                labels = root.find(f".//{C}dLbls/{C}numFmt")
                book = openpyxl.load_workbook(io.BytesIO(part.chart_workbook.xlsx_part.blob))
                found[slide.shapes.title.text] = {
                    "series": series, "label_format": labels.get("formatCode"),
                    "linked": labels.get("sourceLinked"),
                    "rows": [[c.value for c in row] for row in book.active.iter_rows()]}
    return found


def texts(pptx: bytes, title_start: str) -> list[str]:
    prs = Presentation(io.BytesIO(pptx))
    return [shape.text_frame.text for slide in prs.slides
            if slide.shapes.title.text.startswith(title_start)
            for shape in slide.shapes if shape.has_text_frame]


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_template):
    root = tmp_path_factory.mktemp("figures") / "ws"
    shutil.copytree(demo_template, root)
    ws = Workspace.open(root)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def demo_2024(demo) -> bytes:
    return render_deck(demo, demo.assessment(2024, "mandiri").id).read_bytes()


# -- 1. the charts carry the printed figures ----------------------------------------------------


def test_domain_chart_values_are_the_printed_indices(demo_2024):
    chart = charts(demo_2024)["Indeks per domain 2024"]
    [series] = chart["series"].values()
    assert [float(v) for v in series["values"]] == [number(t) for t in DOMAINS_2024]
    # the same figures as the text beside the chart prints ("3 Proses Bisnis Statistik: 2,58")
    side = next(t for t in texts(demo_2024, "Indeks per domain") if ": 2," in t)
    printed = re.findall(r"^\d .+: (\d+,\d+)$", side, re.MULTILINE)
    assert printed == DOMAINS_2024
    assert series["format"] == "0.00"
    assert chart["label_format"] == "0.00" and chart["linked"] == "0"
    # the embedded workbook (what "Edit Data" opens) holds the same rounded values
    assert [row[1] for row in chart["rows"][1:]] == [number(t) for t in DOMAINS_2024]


def test_trend_chart_values_are_the_printed_ips(demo_2024):
    chart = charts(demo_2024)["Tren IPS"]
    assert chart["series"]["Penilaian mandiri"]["values"] == ["2.18", "2.52"]
    assert chart["series"]["Hasil BPS"]["values"] == ["1.86", None]  # no BPS result for 2024
    assert {s["format"] for s in chart["series"].values()} == {"0.00"}
    assert chart["rows"][1:] == [["2023", 2.18, 1.86], ["2024", 2.52, None]]
    assert "IPS 2,18 (2023) → 2,52 (2024)" in " ".join(texts(demo_2024, "Tren IPS"))


@pytest.mark.parametrize(("rounding", "domain4", "ips", "code"), [
    (Rounding(), "2,53", "2,21", "0.00"),  # half-up from the exact 101/40, not from a float
    (Rounding(mode="half-even"), "2,52", "2,20", "0.00"),
    (Rounding(decimals=1), "2,5", "2,2", "0.0"),
])
def test_chart_values_follow_the_editions_rounding(tmp_path, monkeypatch, rounding, domain4,
                                                   ips, code):
    catalog = load_catalog()
    catalog = catalog.model_copy(update={
        "edition": catalog.edition.model_copy(update={"rounding": rounding})})
    monkeypatch.setattr("epss.services.workspace.load_catalog", lambda: catalog)
    root = tmp_path / "ws"
    with Workspace.create(root, name="Pemerintah Kota Contoh", kind="kota", code="3572") as ws:
        first = ws.new_assessment(2023)
        for code_ in LEVELS:
            ws.set_answer(first.id, code_, level=1)
        second = ws.new_assessment(2024)
        for code_, level in LEVELS.items():
            ws.set_answer(second.id, code_, level=level)
        deck = build_deck(ws, second.id)
    pptx = pptx_bytes(deck)
    found = charts(pptx)
    domains = found["Indeks per domain 2024"]["series"]["Indeks 2024"]
    assert float(domains["values"][3]) == number(domain4)
    assert domains["format"] == code
    assert f"4 Kelembagaan: {domain4}" in " ".join(texts(pptx, "Indeks per domain"))
    trend = found["Tren IPS"]["series"]["Penilaian mandiri"]
    assert float(trend["values"][1]) == number(ips)
    assert deck["ips_display"] == ips
    assert found["Tren IPS"]["label_format"] == code


def test_chart_values_helpers():
    rounding = Rounding()
    assert chart_values([2.3024, None, 2.525], ["2,30", None, "2,53"], rounding) == [
        2.3, None, 2.53]
    # a value without its label is rounded by the same rule
    assert chart_values([2.3024, 1.7755], [], rounding) == [2.3, 1.78]
    assert number_format(Rounding()) == "0.00"
    assert number_format(Rounding(decimals=0)) == "0"


# -- 2. the award named is the deck year's ------------------------------------------------------


@pytest.mark.parametrize(("award", "year", "latest", "shown"), [
    ("Satu Data Award Provinsi Contoh 2024", 2024, 2024, True),
    ("Satu Data Award Provinsi Contoh 2024", 2023, 2024, False),  # an older deck
    ("Satu Data Award Provinsi Contoh 2024", 2025, 2025, False),  # a profile not yet updated
    ("Satu Data Award Provinsi Contoh", 2023, 2024, True),  # names no year: any deck
    ("Satu Data Award 2023/2024", 2023, 2024, True),
    ("Satu Data Award 2025", 2024, 2024, True),  # the newest assessment, judged a year later
    ("Satu Data Award 2025", 2023, 2024, False),
    ("Penghargaan 20240 peserta", 2023, 2024, True),  # not a year
    ("Juara 1 dari 2000 peserta", 2023, 2024, True),  # nor this
])
def test_award_name_is_the_profiles_only_for_its_year(award, year, latest, shown):
    assert award_name(award, year, latest) == (award if shown else f"Satu Data Award {year}")


def test_award_name_when_the_profile_has_none():
    assert award_name("", 2023, 2024) == "Satu Data Award 2023"


def test_an_older_years_deck_does_not_claim_the_profiles_award(demo, demo_2024):
    award = load_profile(demo).award
    assert "2024" in award  # the demo's profile names the 2024 award
    assert award in " ".join(texts(demo_2024, "Presentasi Tahap III"))
    deck = build_deck(demo, demo.assessment(2023, "mandiri").id)
    pptx = pptx_bytes(deck)
    everything = " ".join(t for s in Presentation(io.BytesIO(pptx)).slides
                          for shape in s.shapes if shape.has_text_frame
                          for t in [shape.text_frame.text])
    assert award not in everything and "2024" not in " ".join(
        texts(pptx, "Presentasi Tahap III"))
    assert "Satu Data Award 2023" in " ".join(texts(pptx, "Presentasi Tahap III"))
    assert award not in deck["footer"] and award not in deck["document"]["title"]
    props = Presentation(io.BytesIO(pptx)).core_properties
    assert award not in props.title and award not in props.subject


def test_a_profile_award_without_a_year_is_shown_for_any_year(demo_template, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(demo_template, root)
    with Workspace.open(root) as ws:
        from dataclasses import replace

        save_profile(ws, replace(load_profile(ws), award="Satu Data Award Provinsi Contoh"))
        deck = build_deck(ws, ws.assessment(2023, "mandiri").id)
    assert deck["award"] == "Satu Data Award Provinsi Contoh"


# -- 3. a raise without evidence ------------------------------------------------------------------


def test_a_raise_without_evidence_is_shown_without_an_evidence_line(demo, demo_2024):
    slide = " ".join(texts(demo_2024, "Yang membaik"))
    assert "belum dilampirkan" not in slide and "tanpa bukti" not in slide
    # 30401 rose 2 -> 3 and has no evidence in the demo: the raise is still shown, alone
    evidenced = {a.indicator for a in demo.evidence(demo.assessment(2024, "mandiri").id)}
    assert "30401" not in evidenced
    deck = build_deck(demo, demo.assessment(2024, "mandiri").id)
    lines = [p for s in deck["slides"] if s["title"].startswith("Yang membaik")
             for e in s["elements"] for p in e["paragraphs"]]
    entry = next(p for p in lines if p.startswith("30401 "))
    assert entry == "30401 Diseminasi Data: tingkat 2 → 3 (+0,04 IPS)"
    # a raise with evidence keeps its line
    assert any(p.startswith("10301 ") and "\nBukti: API portal Satu Data Kota Contoh" in p
               for p in lines)
