"""The Tahap III presentation (`epss deck`): the .pptx read back with python-pptx (slides,
titles, the IPS, native charts, the user's text verbatim, no text larger than its box) and the
16:9 PDF twin read back with pypdf and rasterised with pdftoppm."""

from __future__ import annotations

import io
import math
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from epss.services import deck as deck_service
from epss.services.deck import (
    CHAR_EM,
    INSET,
    LINE,
    MIN_SIZE,
    PARA_GAP,
    build_deck,
    default_output,
    fits,
    paginate,
    render_deck,
)
from epss.services.profile import Profile, Signer, load_profile, save_profile, set_logo
from epss.services.workspace import Workspace

ABOUT = ("Kota Contoh adalah kota jasa dan perdagangan di pesisir utara dengan 21 kelurahan.\n"
         "Dinas Kominfo menjadi Walidata sejak Perwali 12/2022; Forum Satu Data bersidang "
         "tiap triwulan.\n\n" + "Paragraf panjang tentang tata kelola data. " * 60).strip()
HIGHLIGHTS = ("Kelurahan Cantik: 21 kelurahan dengan agen statistik",
              "Integrasi portal satudata.contoh.go.id dengan Open Data Jatim dan SDI",
              "Kode referensi wilayah dipakai semua OPD — tanpa pengecualian")
TITLES = ["Presentasi Tahap III · 2024", "Profil singkat", "Hasil EPSS",
          "Tren IPS", "Indeks per domain 2024", "Yang membaik sejak 2023 dan buktinya",
          "Inovasi unggulan", "Penilaian mandiri dan hasil BPS 2023",
          "Rencana aksi menuju Baik", "Penutup"]


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (18, 53, 91)).save(out, format="PNG")
    return out.getvalue()


PNG = png_bytes()


def slide_texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


@pytest.fixture(scope="module")
def made(tmp_path_factory, demo_template) -> SimpleNamespace:
    root = tmp_path_factory.mktemp("deck") / "ws"
    shutil.copytree(demo_template, root)
    logo = root.parent / "logo.png"
    logo.write_bytes(PNG)
    ws = Workspace.open(root, actor="Tim Walidata")
    save_profile(ws, Profile(unit="Dinas Komunikasi dan Informatika (Walidata)",
                             award="Satu Data Award Jawa Timur 2024", about=ABOUT,
                             highlights=HIGHLIGHTS, contact="Rina, 0812-0000-0000",
                             signer=Signer("Budi Santoso", "19700101 199003 1 001",
                                           "Kepala Dinas Kominfo")))
    set_logo(ws, logo)
    aid = ws.assessment(2024, "mandiri").id
    pptx = render_deck(ws, aid)
    pdf = render_deck(ws, aid, root.parent / "presentasi.pdf")
    yield SimpleNamespace(ws=ws, aid=aid, pptx=pptx, pdf=pdf, deck=build_deck(ws, aid),
                          prs=Presentation(str(pptx)), reader=PdfReader(str(pdf)))
    ws.close()


def test_default_name_and_slide_count(made):
    assert made.pptx == default_output(made.ws, made.aid)
    assert made.pptx.name == "presentasi-9971-2024.pptx"
    assert made.pptx.parent == made.ws.root / "reports"
    assert 10 <= len(made.prs.slides) <= 14
    assert len(made.prs.slides) == len(made.deck["slides"])
    assert made.prs.slide_width * 9 == made.prs.slide_height * 16  # 16:9


def test_titles_in_order(made):
    titles = [slide.shapes.title.text for slide in made.prs.slides]
    expected = iter(TITLES)
    want = next(expected)
    for title in titles:  # the profile continues on a second slide ("lanjutan")
        if title.startswith(want):
            want = next(expected, None)
    assert want is None, (want, titles)
    assert any(t == "Profil singkat (lanjutan)" for t in titles)


def test_title_slide_names_agency_unit_award_and_shows_the_logo(made):
    first = made.prs.slides[0]
    text = " ".join(slide_texts(first))
    for part in ("Pemerintah Kota Contoh", "Dinas Komunikasi dan Informatika (Walidata)",
                 "Satu Data Award Jawa Timur 2024", "Tahap III"):
        assert part in text
    pictures = [s for s in first.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1 and pictures[0].image.blob == PNG


def test_the_ips_and_predikat(made):
    result = next(s for s in made.prs.slides if s.shapes.title.text.startswith("Hasil EPSS"))
    text = " ".join(slide_texts(result))
    assert "2,52" in text and "Predikat Cukup" in text
    assert "indikator berbukti 9/38" in text


def test_user_text_is_verbatim(made):
    about = "\n".join(t for s in made.prs.slides
                      if s.shapes.title.text.startswith("Profil singkat")
                      for t in slide_texts(s)[1:-2])  # title first; the footer's two boxes last
    assert "".join(about.split()) == "".join(ABOUT.split())
    highlights = next(t for s in made.prs.slides if s.shapes.title.text == "Inovasi unggulan"
                      for t in slide_texts(s)[1:-2])
    for item in HIGHLIGHTS:
        assert f"• {item}" in highlights


def test_native_charts(made):
    charts = {s.shapes.title.text: shape.chart for s in made.prs.slides for shape in s.shapes
              if shape.has_chart}
    trend = charts["Tren IPS"]
    assert list(trend.plots[0].categories) == ["2023", "2024"]
    mandiri = trend.plots[0].series[0]
    assert [round(v, 2) for v in mandiri.values] == [2.18, 2.52]
    domains = charts["Indeks per domain 2024"]
    assert len(list(domains.plots[0].categories)) == 5
    assert round(domains.plots[0].series[0].values[0], 2) == 3.00


def test_improvements_name_their_evidence(made):
    slide = next(s for s in made.prs.slides if s.shapes.title.text.startswith("Yang membaik"))
    text = " ".join(slide_texts(slide))
    assert "tingkat 2 → 3" in text and "Bukti: " in text
    assert "API portal Satu Data Kota Contoh" in text


def test_self_vs_bps_and_the_plan_as_tables(made):
    tables = {s.shapes.title.text: shape.table for s in made.prs.slides for shape in s.shapes
              if shape.has_table}
    gap = tables["Penilaian mandiri dan hasil BPS 2023"]
    assert [gap.cell(1, c).text for c in range(4)] == ["IPS", "2,18", "1,86", "+0,32"]
    plan = tables["Rencana aksi menuju Baik"]
    assert plan.cell(1, 0).text == "50101" and plan.cell(2, 4).text == "2,60"


def _lines(text: str, width_pt: float, size: float) -> int:
    per_line = max(1, int(width_pt / (size * CHAR_EM)))
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def test_no_text_overflows_its_box(made):
    """Estimated independently of the builder: characters per line from the box's width and
    the font size, lines per box from its height."""
    checked = 0
    for slide in made.prs.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame or shape == slide.shapes.title:
                continue
            width = Emu(shape.width).pt - 2 * INSET
            height = Emu(shape.height).pt - 2 * INSET
            needed = 0.0
            paragraphs = shape.text_frame.paragraphs
            for para in paragraphs:
                size = max(run.font.size.pt for run in para.runs)
                text = "".join(run.text for run in para.runs) if not para.runs else "\n".join(
                    run.text for run in para.runs)
                needed += _lines(text, width, size) * size * LINE
            needed += (len(paragraphs) - 1) * size * PARA_GAP
            assert needed <= height + 0.5, (slide.shapes.title.text, shape.text_frame.text[:60])
            assert all(run.font.size.pt >= 10 for p in paragraphs for run in p.runs)
            checked += 1
        title = slide.shapes.title
        assert len(title.text) * 30 * CHAR_EM <= Emu(title.width).pt * 2  # at most two lines
    assert checked > 30


def test_pagination_keeps_every_word_and_fits():
    words = " ".join(f"kata{n}" for n in range(1500))
    paragraphs = ["Pendek.", words, "Penutup."]
    chunks = paginate(paragraphs, 880, 370)
    assert len(chunks) > 1
    assert all(fits(chunk, 880, 370, MIN_SIZE) for chunk in chunks)
    assert " ".join(" ".join(c) for c in chunks).split() == " ".join(paragraphs).split()


def test_a_word_longer_than_a_line_is_cut_not_refused():
    """A pasted address or a run of characters with no space still paginates and fits."""
    paragraphs = ["Awal.", "x" * 4000, "https://contoh.go.id/" + "a" * 300 + " selesai."]
    chunks = paginate(paragraphs, 880, 370)
    assert len(chunks) > 1
    assert all(fits(chunk, 880, 370, MIN_SIZE) for chunk in chunks)
    assert "".join("".join(c) for c in chunks).replace(" ", "") == \
        "".join(paragraphs).replace(" ", "")


def test_a_profile_of_unbroken_words_still_makes_a_deck(demo_template, tmp_path):
    from epss.services.profile import LIMITS

    root = tmp_path / "ws"
    shutil.copytree(demo_template, root)
    with Workspace.open(root) as ws:
        save_profile(ws, Profile(about="y" * LIMITS["about"][1],
                                 highlights=("z" * 300,)))
        path = render_deck(ws, ws.assessment(2024, "mandiri").id, tmp_path / "d.pptx")
    texts = [t for s in Presentation(str(path)).slides for t in slide_texts(s)]
    assert "".join(texts).count("y") >= LIMITS["about"][1]


def test_pdf_twin_has_the_same_slides(made):
    reader = made.reader
    assert len(reader.pages) == len(made.prs.slides)
    for page, slide in zip(reader.pages, made.prs.slides, strict=True):
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (960, 540)
        text = " ".join((page.extract_text() or "").split())
        assert " ".join(slide.shapes.title.text.split()) in text
    result = next(n for n, s in enumerate(made.prs.slides)
                  if s.shapes.title.text.startswith("Hasil EPSS"))
    assert "2,52" in " ".join(reader.pages[result].extract_text().split())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm not installed")
def test_pdf_pages_render_to_images(made, tmp_path):
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "30", "-png", str(made.pdf), str(tmp_path / "p")],
                   check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(made.prs.slides)
    for path in pages:
        image = Image.open(path).convert("L")
        assert image.size[0] > image.size[1]  # landscape
        dark = sum(image.histogram()[:128])
        assert dark > 200, path.name  # text and the side bar, not a blank page


def test_the_deck_without_a_profile_says_what_to_fill(demo_template, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(demo_template, root)
    with Workspace.open(root) as ws:
        save_profile(ws, Profile())  # the demo comes with a profile; this agency has none
        assert load_profile(ws).is_empty
        deck = build_deck(ws, ws.assessment(2024, "mandiri").id)
    texts = [p for s in deck["slides"] for e in s["elements"] if e["type"] == "text"
             for p in e["paragraphs"]]
    assert any("epss profil set --about-file" in t for t in texts)
    assert any("epss profil set --highlight" in t for t in texts)


def test_a_first_year_deck(demo_template, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(demo_template, root)
    with Workspace.open(root) as ws:
        path = render_deck(ws, ws.assessment(2023, "mandiri").id)
        prs = Presentation(io.BytesIO(path.read_bytes()))
    titles = [s.shapes.title.text for s in prs.slides]
    assert "Tren IPS" in titles and path.name == "presentasi-9971-2023.pptx"


def test_refuses_other_suffixes(made):
    with pytest.raises(deck_service.WorkspaceError, match=r"\.pptx atau \.pdf"):
        render_deck(made.ws, made.aid, Path(made.pptx.parent / "x.docx"))


def test_no_element_reaches_the_footer_or_leaves_the_slide(made):
    for slide in made.deck["slides"]:
        for el in slide["elements"]:
            assert el["x"] >= 0 and el["x"] + el["w"] <= deck_service.SLIDE_W, slide["title"]
            assert el["y"] >= 95 or slide["kind"] == "title", slide["title"]  # below the title
            assert el["y"] + el["h"] <= deck_service.SLIDE_H - 36, (slide["title"], el["type"])


def test_the_same_data_gives_the_same_pptx_bytes(made, tmp_path):
    again = render_deck(made.ws, made.aid, tmp_path / "again.pptx")
    assert again.read_bytes() == made.pptx.read_bytes()
    assert len(Presentation(str(again)).slides) == len(made.prs.slides)


def test_the_longest_profile_fits_without_cutting(demo_template, tmp_path):
    """Every field at its longest (the profile's own limits): each box still fits, long text
    continues on further slides, nothing is cut."""
    from epss.services.profile import LIMITS, MAX_HIGHLIGHTS

    def long(field: str) -> str:
        limit = LIMITS[field][1]
        return ("panjang " * limit)[:limit].strip()

    root = tmp_path / "ws"
    shutil.copytree(demo_template, root)
    with Workspace.open(root) as ws:
        save_profile(ws, Profile(
            unit=long("unit"), award=long("award"), about=long("about"),
            highlights=tuple(f"{n} {long('highlight')}"[:300] for n in range(MAX_HIGHLIGHTS)),
            contact=long("contact"),
            signer=Signer(long("signer_name"), "", long("signer_title"))))
        deck = build_deck(ws, ws.assessment(2024, "mandiri").id)
        pptx = Presentation(io.BytesIO(deck_service.pptx_bytes(deck)))
    assert len(pptx.slides) == len(deck["slides"])
    for slide in deck["slides"]:
        for el in slide["elements"]:
            if el["type"] == "text":
                assert fits(el["paragraphs"], el["w"], el["h"], el["size"]), slide["title"]
    shown = [p for s in deck["slides"] if s["title"].startswith("Inovasi unggulan")
             for e in s["elements"] for p in e["paragraphs"]]
    assert len(shown) == MAX_HIGHLIGHTS
