"""The dossier as a jury reads it (issue 17): the agency's own pages, the story first, pages that
are filled and never split an indicator, printed sizes, clickable links, the summary's level
table, and the archive qualities (PDF/A-3b, manifest.json inside, reproducible bytes)."""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import time as _time
import types
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image

from epss.services.dossier import (
    MINUS,
    build_context,
    coverage_warning,
    data_as_of,
    default_output,
    render_report,
)
from epss.services.profile import Profile, Signer, save_profile, set_logo
from epss.services.workspace import Workspace
from reports import render_html
from reports.formatting import moment_utc

_real_localtime, _real_gmtime = _time.localtime, _time.gmtime

FOREWORD = ("Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa.\n\n"
            "Terima kasih kepada seluruh produsen data.")
NIP = "19700101 199003 1 001"
CHAPTERS = ("Ringkasan eksekutif", "Daftar Isi", "Kata Pengantar", "Profil singkat",
            "Lembar Pengesahan", "Skor domain dan aspek", "Domain 1:",
            "Perkembangan dari tahun ke tahun", "Rencana aksi", "Lampiran: daftar bukti dukung",
            "Sidik jari data (manifes)")


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def jury(demo_template: Path, tmp_path_factory: pytest.TempPathFactory,
         kit: SimpleNamespace) -> Iterator[SimpleNamespace]:
    """The demo with a full profile and a logo, its dossier rendered once."""
    import shutil

    tmp = tmp_path_factory.mktemp("jury")
    root = tmp / "kota-contoh"
    shutil.copytree(demo_template, root)
    logo = tmp / "lambang.png"
    Image.new("RGB", (60, 72), (18, 53, 91)).save(logo)
    ws = Workspace.open(root, actor="Tim Penilai Internal")
    save_profile(ws, Profile(
        unit="Dinas Komunikasi dan Informatika (Walidata)",
        award="Satu Data Award Jawa Timur 2024", foreword=FOREWORD,
        about="Kota Contoh adalah kota jasa.", highlights=("Kelurahan Cantik",
                                                           "Integrasi portal Satu Data"),
        signer=Signer("Drs. Budi Santoso, M.Si.", NIP, "Kepala Dinas Kominfo"),
        contact="Rina Astuti, 0812-3456-7890"))
    set_logo(ws, logo)
    aid = ws.assessment(2024).id
    rendered = kit.render_pdf(ws, aid, tmp / "dossier.pdf", template="dossier")
    yield SimpleNamespace(ws=ws, aid=aid, pdf=rendered.pdf, path=tmp / "dossier.pdf",
                          tmp=tmp, served=rendered.recording)
    ws.close()


def body(page: str) -> str:
    """A page's words without the running header and the footer."""
    text = re.sub(r"Pemerintah Kota Contoh · [^·]+ · data per \d+ \w+ \d{4}", " ", page)
    return words(re.sub(r"Halaman \d+ dari \d+", " ", text))


# -- the agency's own pages ------------------------------------------------------------------

def test_cover_has_logo_unit_award_and_no_contents(jury):
    cover = words(jury.pdf.pages[0])
    for expected in ("Satu Data Award Jawa Timur 2024", "Dinas Komunikasi dan Informatika "
                     "(Walidata)", "Indikator berbukti 9 dari 38", "Narahubung: Rina Astuti"):
        assert expected in cover, expected
    assert "Daftar Isi" not in cover
    images = list(jury.pdf.reader.pages[0].images)
    assert images, "the logo is drawn on the cover"


def test_cover_without_a_logo_shows_the_placeholder(demo_ws, demo_aid, kit):
    html = render_html("dossier.html.j2", build_context(demo_ws, demo_aid, today=kit.today))
    assert 'class="logo-placeholder"' in html


def test_contents_kata_pengantar_profil_and_pengesahan(jury):
    pages = [body(p) for p in jury.pdf.pages]
    starts = {title: next(i for i, p in enumerate(pages) if p.startswith(title))
              for title in ("Daftar Isi", "Kata Pengantar", "Profil singkat",
                            "Lembar Pengesahan")}
    assert pages[starts["Daftar Isi"]].startswith("Daftar Isi Ringkasan eksekutif 2 ")
    assert ("Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa. Terima kasih"
            in pages[starts["Kata Pengantar"]])
    assert "Kelurahan Cantik" in pages[starts["Profil singkat"]]
    sign = pages[starts["Lembar Pengesahan"]]
    for expected in ("Kota Contoh,", "Kepala Dinas Kominfo", "Drs. Budi Santoso, M.Si.",
                     f"NIP {NIP}", "Narahubung Rina Astuti", "IPS 2,52"):
        assert expected in sign, expected


def test_draft_watermark_only_while_draft(demo_workspace, kit):
    with Workspace.open(demo_workspace) as ws:
        aid = ws.assessment(2024).id
        draft = render_html("dossier.html.j2", build_context(ws, aid, today=kit.today))
        ws.set_status(aid, "final")
        final = render_html("dossier.html.j2", build_context(ws, aid, today=kit.today))
    assert "@page { background: url(\"data:image/svg+xml" in draft
    assert "@page { background" not in final


# -- the story first ---------------------------------------------------------------------------

def test_page_two_tells_the_story(jury):
    page = body(jury.pdf.pages[1])
    assert page.startswith("Ringkasan eksekutif")
    for expected in ("IPS penilaian mandiri 2023–2024: 2,18 → 2,52 (+0,34); 11 indikator naik, "
                     "0 turun, 27 tetap.",
                     "Domain terkuat: 1 Prinsip Satu Data Indonesia (3,00); terlemah: 5 "
                     "Statistik Nasional (1,78).",
                     "Indikator berbukti 9/38 (24%)", "Prioritas menuju Baik: 50101",
                     "angka BPS; IPS 2,52 di atas adalah penilaian mandiri",
                     "Catatan metodologi", "disimpulkan dari sumber publik",
                     "pembulatan setengah ke atas", "Rumusan indikator dan kriteria: katalog"):
        assert expected in page, expected


def test_no_plan_leaves_the_rencana_aksi_out(demo_ws, demo_aid, kit):
    with_plan = render_html("dossier.html.j2", build_context(demo_ws, demo_aid, today=kit.today))
    without = render_html("dossier.html.j2", build_context(demo_ws, demo_aid, today=kit.today,
                                                           include_plan=False))
    assert "<h1>Rencana aksi</h1>" in with_plan and "Rencana peningkatan" not in with_plan
    assert "<h1>Rencana aksi</h1>" not in without and "#rencana" not in without
    # the priorities on page 2 still come from the plan: they are the story, not the plan
    assert "Prioritas menuju Baik" in without


# -- numbers -----------------------------------------------------------------------------------

def test_signed_figures_use_a_real_minus_sign(jury):
    text = jury.pdf.text
    assert f"{MINUS}0,08" in text  # the BPS target 2,60 against 2,52
    assert re.search(r"(?<![\w-])-\d", body(text).replace("SHA-256", "")) is None


def test_effective_weights_have_two_decimals(demo_ws, demo_aid, kit):
    context = build_context(demo_ws, demo_aid, today=kit.today)
    for d in context["domains"]:
        for a in d["aspects"]:
            for i in a["indicators"]:
                assert re.fullmatch(r"\d+,\d\d%", i["effective_weight"]), i["effective_weight"]


def test_contributions_that_do_not_add_up_say_so(jury):
    # 2023 -> 2024: the domain contributions round to +0,35 while the IPS rose by +0,34
    assert ("Jumlah kontribusi yang dibulatkan (+0,35) berbeda dari perubahan IPS (+0,34) "
            "karena pembulatan") in words(jury.pdf.text)


# -- pagination and print sizes ----------------------------------------------------------------

@pytest.fixture(scope="module")
def layout(jury, kit) -> list[dict[str, Any]]:
    """Per page (WeasyPrint's own boxes): how much of the text area is used, the smallest
    font size and whether the next page opens a chapter."""
    from weasyprint.formatting_structure import boxes

    from reports.fetch import PackageFetcher
    from reports.renderer import TEMPLATES, load_weasyprint

    html = render_html("dossier.html.j2", build_context(jury.ws, jury.aid, today=kit.today))
    document = load_weasyprint().HTML(
        string=html, base_url=TEMPLATES.resolve().as_uri() + "/",
        url_fetcher=PackageFetcher(TEMPLATES)).render()

    def texts(box: Any, tag: str = "") -> Iterator[tuple[Any, str]]:
        tag = getattr(box, "element_tag", tag) if not isinstance(box, boxes.TextBox) else tag
        if isinstance(box, boxes.TextBox) and box.text.strip():
            yield box, tag
        for child in getattr(box, "children", None) or []:
            yield from texts(child, tag)

    pages = []
    for page in document.pages:
        box = page._page_box
        top, height = box.content_box_y(), box.height
        found = [t for child in box.children if not isinstance(child, boxes.MarginBox)
                 for t in texts(child)]
        bottom = max((b.position_y + b.margin_height() for b, _ in found), default=top)
        pages.append({"fill": (bottom - top) / height,
                      "smallest": min(b.style["font_size"] * 0.75 for b, _ in found),
                      "opens": found[0][1] if found else ""})
    for index, page in enumerate(pages):
        page["chapter_end"] = index + 1 == len(pages) or pages[index + 1]["opens"] == "h1"
    return pages


def test_no_page_is_mostly_empty_except_chapter_ends(layout):
    for index, page in enumerate(layout[1:], 2):  # the cover is a page of its own design
        if not page["chapter_end"]:
            assert page["fill"] >= 0.4, (index, round(page["fill"], 2))


def test_no_printed_text_under_8_5_pt(layout):
    assert min(page["smallest"] for page in layout) >= 8.5


def test_charts_print_no_label_under_8_5_pt():
    from reports import charts

    # a chart is at most 520 units across the 174 mm text width
    assert charts.SMALL * 174 / 520 >= 8.5 * 0.3528 - 1e-9
    svg = str(charts.radar_chart(["A", "B", "C", "D", "E"],
                                 [{"name": "x", "values": [1, 2, 3, 4, 5]}]))
    assert min(float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)) >= charts.SMALL


def test_radar_ring_levels_are_clear_of_the_axis_labels():
    from reports import charts

    svg = str(charts.radar_chart(["Atas", "Kanan", "Bawah kanan", "Bawah kiri", "Kiri"],
                                 [{"name": "x", "values": [3, 3, 3, 3, 3]}]))
    labels = {m.group(3): (float(m.group(1)), float(m.group(2))) for m in re.finditer(
        r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)</text>', svg)}
    top_x, top_y = labels["Atas"]
    for ring in "12345":
        x, y = labels[ring]
        assert abs(x - top_x) > 12 or abs(y - top_y) > 12, ring


def test_no_page_holds_only_one_evidence_line(jury):
    for index, page in enumerate(jury.pdf.pages):
        text = body(page)
        assert not re.fullmatch(r"\d+\. [^·]+ · [^·]+( · [^·]+)*", text), (index, text)


def test_an_indicator_never_splits_from_its_heading(jury, demo_ws):
    """Each indicator's code, level line and evidence label are on one page."""
    codes = demo_ws.catalog.codes
    start = next(i for i, p in enumerate(jury.pdf.pages) if body(p).startswith("Domain 1:"))
    end = next(i for i, p in enumerate(jury.pdf.pages)
               if body(p).startswith("Perkembangan dari tahun ke tahun"))
    for code in codes:
        holding = [i for i in range(start, end)
                   if re.search(rf"{code} Tingkat Kematangan", words(jury.pdf.pages[i]))]
        assert len(holding) == 1, code
        page = words(jury.pdf.pages[holding[0]])
        after = page[page.index(f"{code} Tingkat Kematangan"):]
        assert "BUKTI DUKUNG (" in after.upper(), code


def _uris(pages) -> set[str]:
    uris = set()
    for page in pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(str(action["/URI"]))
    return uris


def test_evidence_links_are_clickable(jury, demo_ws, demo_aid):
    links = {a.url for a in demo_ws.evidence(demo_aid) if a.url and not a.confidential}
    assert links and links <= _uris(jury.pdf.reader.pages)
    # in the appendix's index too, where a committee checks what it received
    first = jury.pdf.page_of("Lampiran: daftar bukti dukung Setiap berkas")
    last = jury.pdf.page_of("Sumber angka pembanding")
    assert links <= _uris(jury.pdf.reader.pages[first:last + 1])


# -- archive quality -------------------------------------------------------------------------

def test_pdf_a_3b_with_the_manifest_embedded_and_metadata(jury):
    reader = jury.pdf.reader
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in xmp
    files = reader.attachments
    assert list(files) == ["manifest.json"]
    data = files["manifest.json"][0]
    assert hashlib.sha256(data).hexdigest() in words(jury.pdf.text)  # the printed hash
    meta = reader.metadata
    assert meta.title == "Penilaian Mandiri EPSS 2024 — Pemerintah Kota Contoh"
    assert meta.author == "Pemerintah Kota Contoh"
    # dated the data's last change (the profile saved after the answers may be the latest)
    as_of = data_as_of(jury.ws, jury.ws.get_assessment(jury.aid))
    assert meta["/CreationDate"].startswith("D:" + as_of.strftime("%Y%m%d%H%M"))


def test_same_data_gives_the_same_bytes(jury, kit):
    again = render_report(jury.ws, jury.aid, output=jury.tmp / "again.pdf", today=kit.today)
    assert again.read_bytes() == jury.path.read_bytes()


LATER = _dt.datetime(2031, 6, 1, 9, 30, tzinfo=_dt.UTC)


class _LaterDate(_dt.date):
    @classmethod
    def today(cls) -> _dt.date:
        return LATER.date()


class _LaterDateTime(_dt.datetime):
    @classmethod
    def now(cls, tz: _dt.tzinfo | None = None) -> _dt.datetime:  # type: ignore[override]
        return LATER if tz else LATER.replace(tzinfo=None)

    @classmethod
    def today(cls) -> _dt.datetime:  # type: ignore[override]
        return LATER.replace(tzinfo=None)


def _clock_moved(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every clock the rendering path could read says 1 June 2031: the ``datetime`` module,
    class and ``date`` class bound in epss, reports, WeasyPrint and pydyf, and ``time``'s
    functions (WeasyPrint's PDF/X metadata reads ``time.localtime``)."""
    import sys
    import time

    later = types.ModuleType("datetime")
    later.__dict__.update(vars(_dt))
    later.date, later.datetime = _LaterDate, _LaterDateTime  # type: ignore[attr-defined]
    swap = {id(_dt): later, id(_dt.date): _LaterDate, id(_dt.datetime): _LaterDateTime}
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("epss", "reports", "weasyprint", "pydyf")):
            continue
        for attr, value in list(vars(module).items()):
            if id(value) in swap:
                monkeypatch.setattr(module, attr, swap[id(value)])
    stamp = LATER.timestamp()
    monkeypatch.setattr(time, "time", lambda: stamp)
    monkeypatch.setattr(time, "localtime", lambda secs=None: _real_localtime(
        stamp if secs is None else secs))
    monkeypatch.setattr(time, "gmtime", lambda secs=None: _real_gmtime(
        stamp if secs is None else secs))


def test_another_day_gives_the_same_bytes(jury, monkeypatch):
    """The document is dated by its data, not by the day it is printed: rendered on a later
    day (every clock moved) it is byte for byte the same."""
    _clock_moved(monkeypatch)
    import weasyprint

    assert weasyprint.datetime.now().year == LATER.year  # the clocks did move
    later = render_report(jury.ws, jury.aid, output=jury.tmp / "later.pdf")
    assert later.read_bytes() == jury.path.read_bytes()
    summary = [render_report(jury.ws, jury.aid, template="summary",
                             output=jury.tmp / f"summary-{n}.pdf") for n in (1, 2)]
    monkeypatch.undo()
    today = render_report(jury.ws, jury.aid, template="summary",
                          output=jury.tmp / "summary-today.pdf")
    assert summary[0].read_bytes() == summary[1].read_bytes() == today.read_bytes()


def test_the_date_printed_is_the_datas(jury, kit):
    as_of = data_as_of(jury.ws, jury.ws.get_assessment(jury.aid))
    text = words(jury.pdf.text)
    assert f"Data per {moment_utc(as_of)}" in text
    assert not re.search(r"dicetak \d", text)  # no day of printing anywhere
    meta = jury.pdf.reader.metadata
    assert meta["/CreationDate"].startswith("D:" + as_of.strftime("%Y%m%d%H%M"))
    summary = words(kit.read_pdf(render_report(
        jury.ws, jury.aid, template="summary", output=jury.tmp / "s.pdf")).text)
    assert f"data per {moment_utc(as_of)}" in summary and not re.search(r"dicetak \d", summary)


def _created(stamp: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def test_editing_the_profile_is_a_change_of_the_data(demo_template, tmp_path):
    """The profile is printed, so editing it moves the document's date (and its bytes),
    while exporting or a setting the document does not print leaves the date alone."""
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(demo_template, root)
    with Workspace.open(root) as ws:
        a = ws.assessment(2024)
        before = data_as_of(ws, a)
        assert before >= _created(ws.manifest(a.id)["created"])  # the demo saves a profile
        ws.set_setting("dossier_coverage_warn_percent", 30)
        ws.export_bundle(a.id, tmp_path / "bundle.zip")
        assert data_as_of(ws, a) == before
        save_profile(ws, Profile(foreword="Kata pengantar yang baru."))
        after = data_as_of(ws, a)
        assert after > before
        assert after == _created(ws.store.events("workspace", "profile")[-1].at)
        context = build_context(ws, a.id)
        assert context["document"]["generated"] == after.date().isoformat()
        assert _created(context["document"]["data_as_of"]) == after


def test_default_file_name_carries_code_and_year(demo_ws, demo_aid):
    a = demo_ws.get_assessment(demo_aid)
    assert default_output(demo_ws, a, "dossier").name == "epss-9971-2024-mandiri.pdf"
    assert default_output(demo_ws, a, "summary").name == "epss-9971-2024-mandiri-ringkasan.pdf"


def test_low_evidence_coverage_warns(demo_workspace):
    with Workspace.open(demo_workspace) as ws:
        aid = ws.assessment(2024).id
        warning = coverage_warning(ws, aid)
        assert "9 dari 38 indikator berbukti (24%" in warning and "50%" in warning
        ws.set_setting("dossier_coverage_warn_percent", 20)
        assert coverage_warning(ws, aid) == ""


# -- the summary -------------------------------------------------------------------------------

def test_summary_prints_each_code_beside_its_own_level(demo_summary, demo_ws, demo_aid):
    answers = {c: a.level for c, a in demo_ws.answers(demo_aid).items()}
    page = words(demo_summary.pdf.pages[1])
    table = page[page.index("Kode Indikator Tingkat Kode Indikator Tingkat"):]
    found = {code: level for code, (_name, level) in
             ((m[0], (m[1], m[2])) for m in re.findall(
                 r"(\d{5}) ((?:(?!\d{5}).)+?) ([1-5–])(?= \d{5} | Pemerintah|$)", table))}
    assert len(found) == 38
    for code, level in answers.items():
        assert found[code] == str(level), code
    assert len(demo_summary.pdf.pages) == 2


def test_summary_cites_its_comparison_sources_itself(demo_summary):
    """The two-page summary has no appendix: it names the sites (linked) where the dossier
    says "sumber pada lampiran"."""
    text = demo_summary.pdf.flat
    assert "pada lampiran" not in text
    assert "portalsumbawa.com" in text and "ppid.bulelengkab.go.id" in text
    links = [a["/A"]["/URI"] for page in demo_summary.pdf.reader.pages
             for a in (x.get_object() for x in page.get("/Annots", [])) if "/A" in a]
    assert any("portalsumbawa.com/2024/02/" in str(uri) for uri in links)


def test_national_figures_agree_with_the_published_results(shared_dir, demo_ws, demo_aid, kit):
    """Every comparison figure printed (value, year, source) is a row of the reference list of
    published results (shared/reference/published-results.csv); targets are said to be."""
    import csv

    with (shared_dir / "reference" / "published-results.csv").open(encoding="utf-8") as fh:
        published = {(row["tahun"], row["ips"].rstrip("0"), row["source_url"])
                     for row in csv.DictReader(fh)}
    for figure in build_context(demo_ws, demo_aid, today=kit.today)["national"]:
        if figure["basis"] == "target BPS":
            continue
        key = (str(figure["year"]), str(figure["value"]).rstrip("0"), figure["source"])
        assert key in published, figure


def test_the_award_is_named_only_in_its_own_year(demo_ws, kit):
    """The profile keeps one award text; the demo's names 2024, so the 2023 dossier (and
    deck, which takes it from the same context) does not claim it."""
    from epss.services.profile import load_profile

    award = load_profile(demo_ws).award
    assert "2024" in award
    on = {year: build_context(demo_ws, demo_ws.assessment(year).id,
                              today=kit.today)["profile"]["award"] for year in (2023, 2024)}
    assert on == {2023: "", 2024: award}


def test_profile_texts_are_printed_as_text_never_as_markup(demo_workspace, kit):
    hostile = "<b>tebal</b> {{ 7*7 }} <img src=\"file:///etc/passwd\">"
    with Workspace.open(demo_workspace) as ws:
        save_profile(ws, Profile(unit=hostile, award=hostile, foreword=hostile, about=hostile,
                                 highlights=(hostile,), contact=hostile,
                                 signer=Signer(hostile, "", hostile)))
        html = render_html("dossier.html.j2",
                           build_context(ws, ws.assessment(2024).id, today=kit.today))
    assert "<b>tebal</b>" not in html and 'src="file:' not in html
    assert html.count("&lt;b&gt;tebal&lt;/b&gt; {{ 7*7 }}") >= 8


def test_typeset_minus_reaches_every_signed_figure():
    from epss.services.dossier import typeset_minus

    context = {"story": {"trend": {"delta": "-0,12", "first": "2,52"}},
               "rows": [{"effect_display": "-0,01", "gap": -1, "name": "Data-1"}],
               "difference": "-0,08", "note": "a-1"}
    out = typeset_minus(context)
    assert out["story"]["trend"]["delta"] == f"{MINUS}0,12"
    assert out["rows"][0] == {"effect_display": f"{MINUS}0,01", "gap": -1, "name": "Data-1"}
    assert out["difference"] == f"{MINUS}0,08" and out["note"] == "a-1"
