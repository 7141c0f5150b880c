"""The dossier and the summary of an assessment, read back from the PDF with pypdf.

The demo (Kota Contoh) is rendered once per session (see conftest.py); workspaces that need
changes (hostile text, a partly answered assessment) are built per module.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.dates import format_date

from epss.core.manifest import build_manifest, manifest_hash
from epss.core.scoring import format_id, score
from epss.demo import AGENCY, BADAN_2023, MANDIRI_2023, MANDIRI_2024
from epss.demo import EVIDENCE as DEMO_EVIDENCE
from epss.services.dossier import (
    CONFIDENTIAL,
    TEMPLATES,
    build_context,
    data_as_of,
    default_output,
    render_report,
)
from epss.services.workspace import Workspace, WorkspaceError
from reports import check_plain, render_html
from reports.formatting import file_size, moment_utc

AGENCY_NAME = AGENCY["name"]
CONFIDENTIAL_TITLE = "Daftar pegawai fungsional statistisi dan pranata komputer"
HOSTILE_LINES = (
    "<b>tebal</b> {{ 7*7 }} {% raw %}",
    '<img src="file:///etc/passwd">',
    '<link rel=stylesheet href="http://127.0.0.1:9/x.css">',
    "<script>document.write('X')</script> {{ ''.__class__.__mro__ }}",
    "{% include 'base.html.j2' %} &amp; &lt;",
)
HOSTILE = "\n".join(HOSTILE_LINES)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def stylesheet_uri() -> str:
    import importlib

    return (importlib.import_module("reports.renderer").TEMPLATES / "print.css").as_uri()


def files_and_links(ws, aid):
    attachments = ws.evidence(aid)
    return ([a for a in attachments if a.blob_sha and not a.confidential],
            [a for a in attachments if a.url and not a.confidential])


def chapter(pdf, heading: str) -> int:
    """The page a chapter starts on: its text (without running header and footer) opens with
    the heading; the table of contents on the cover names every heading too."""
    furniture = re.compile(rf"{re.escape(AGENCY_NAME)} · [^·]+ · data per \d+ \w+ \d{{4}}"
                           r"|Halaman \d+ dari \d+")
    for index, page in enumerate(pdf.pages):
        if words(furniture.sub(" ", page)).startswith(heading):
            return index
    raise AssertionError(f"no chapter starts with {heading!r}")


def appendix_page(pdf) -> int:
    return chapter(pdf, "Lampiran: daftar bukti dukung")


def cover_page(pdf) -> int:
    return 0  # the cover is the first page; the contents have their own page


def contents_page(pdf) -> int:
    return chapter(pdf, "Daftar Isi")


# -- the context (plain data, no PDF) -----------------------------------------------------------

@pytest.fixture(scope="module")
def demo_context(demo_ws, demo_aid, kit):
    return build_context(demo_ws, demo_aid, today=kit.today)


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("include_confidential", [False, True])
@pytest.mark.parametrize(("year", "kind"), [(2024, "mandiri"), (2023, "mandiri"),
                                            (2023, "badan")])
def test_context_is_plain_data(demo_ws, kit, template, include_confidential, year, kind):
    aid = demo_ws.assessment(year, kind).id
    context = build_context(demo_ws, aid, template=template, today=kit.today,
                            include_confidential=include_confidential)
    check_plain(context)
    assert context["template"] == template


def test_unknown_template_is_refused(demo_ws, demo_aid):
    with pytest.raises(WorkspaceError, match="tidak dikenal"):
        build_context(demo_ws, demo_aid, template="laporan")


def test_context_document_fields(demo_context, demo_ws, demo_aid):
    doc = demo_context["document"]
    assert doc["title"] == f"Penilaian Mandiri EPSS 2024 — {AGENCY_NAME}"
    assert doc["subject"] == "Penilaian Mandiri EPSS 2024: IPS 2,52 (Cukup)"
    assert doc["language"] == "id"
    as_of = data_as_of(demo_ws, demo_ws.get_assessment(demo_aid))
    assert doc["generated"] == as_of.date().isoformat()  # the data's date, not the clock's
    assert demo_context["agency"]["name"] == AGENCY_NAME


def test_context_score_matches_the_scorecard(demo_ws, demo_aid, demo_context):
    card = demo_ws.scorecard(demo_aid)
    s = demo_context["score"]
    assert (s["ips_display"], s["predikat"], s["provisional"]) == ("2,52", "Cukup", False)
    assert (s["answered"], s["total"]) == (38, 38)
    assert s["ips"] == float(card.ips)


def test_context_indicators_carry_level_criterion_and_explanation(demo_ws, demo_aid,
                                                                   demo_context):
    catalog = demo_ws.catalog
    answers = demo_ws.answers(demo_aid)
    indicators = demo_context["indicator_list"]
    assert [i["code"] for i in indicators] == list(catalog.codes)
    for item in indicators:
        ind = catalog.indicator(item["code"])
        answer = answers[item["code"]]
        assert item["level"] == answer.level
        assert item["criterion"] == ind.levels[answer.level]
        assert item["level_name"] == catalog.edition.level_name(answer.level)
        assert item["explanation"] == answer.explanation


def test_context_hides_confidential_evidence(demo_context, demo_ws, demo_aid):
    [secret] = [a for a in demo_ws.evidence(demo_aid) if a.confidential]
    items = [e for e in demo_context["evidence_index"] if e["confidential"]]
    assert len(items) == 1
    item = items[0]
    assert item["hidden"] is True and item["title"] == CONFIDENTIAL
    assert item["sha256"] == "" and item["url"] == "" and item["size"] is None
    assert secret.blob_sha not in repr(demo_context)
    assert secret.title not in repr(demo_context)
    assert demo_context["stats"]["confidential"] == 1


def test_context_shows_confidential_evidence_on_request(demo_ws, demo_aid, kit):
    context = build_context(demo_ws, demo_aid, include_confidential=True, today=kit.today)
    [item] = [e for e in context["evidence_index"] if e["confidential"]]
    assert item["hidden"] is False and item["title"] == CONFIDENTIAL_TITLE
    assert len(item["sha256"]) == 64


def test_context_history_and_comparisons(demo_ws, demo_context, kit):
    history = demo_context["history"]
    assert history["years"] == [2023, 2024]
    assert [s["name"] for s in history["series"]] == ["Penilaian mandiri", "Hasil BPS"]
    bps = history["series"][1]["values"]
    assert bps[0] is not None and bps[1] is None  # BPS verified 2023 only
    assert history["change"]["first_year"] == 2023 and history["change"]["last_year"] == 2024
    # no BPS result for 2024: nothing to compare the 2024 claim with
    assert demo_context["self_vs_badan"] is None
    context_2023 = build_context(demo_ws, demo_ws.assessment(2023, "mandiri").id,
                                 today=kit.today)
    assert context_2023["self_vs_badan"]["year"] == 2023
    assert context_2023["history"]["years"] == [2023]  # nothing after the assessment's year


def test_context_national_figures(demo_context):
    national = demo_context["national"]
    first = {k: national[0][k] for k in ("label", "year")}
    assert first == {"label": "Rata-rata nasional, semua instansi", "year": 2023}
    assert all(n["source"].startswith("https://") for n in national)


# -- the demo dossier PDF -----------------------------------------------------------------------

def test_dossier_metadata(demo_dossier):
    reader = demo_dossier.pdf.reader
    meta = reader.metadata
    assert meta.title == f"Penilaian Mandiri EPSS 2024 — {AGENCY_NAME}"
    assert meta.author == AGENCY_NAME
    assert meta.subject == "Penilaian Mandiri EPSS 2024: IPS 2,52 (Cukup)"
    assert reader.trailer["/Root"].get("/Lang") == "id"


def test_dossier_pages_are_a4(demo_dossier):
    for page in demo_dossier.pdf.reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_dossier_page_count_and_footers(demo_dossier):
    pdf = demo_dossier.pdf
    count = len(pdf.pages)
    assert 15 < count < 60
    cover = cover_page(pdf)
    for index, page in enumerate(pdf.pages):
        if index == cover:
            assert "Halaman" not in page
        else:
            assert f"Halaman {index + 1} dari {count}" in words(page), index


def test_dossier_running_header(demo_dossier, demo_ws, demo_aid):
    pdf = demo_dossier.pdf
    as_of = data_as_of(demo_ws, demo_ws.get_assessment(demo_aid))
    header = (f"{AGENCY_NAME} · Penilaian Mandiri EPSS 2024 · data per "
              f"{format_date(as_of.date(), format='long', locale='id')}")
    cover = cover_page(pdf)
    for index, page in enumerate(pdf.pages):
        if index != cover:
            assert header in words(page), index


def test_dossier_cover_is_the_first_page(demo_dossier):
    first = words(demo_dossier.pdf.pages[0])
    assert "Penilaian Mandiri EPSS 2024" in first and AGENCY_NAME in first
    assert "Halaman" not in first


def test_dossier_cover(demo_dossier, demo_ws, demo_aid):
    pdf = demo_dossier.pdf
    cover = words(pdf.pages[cover_page(pdf)])
    as_of = data_as_of(demo_ws, demo_ws.get_assessment(demo_aid))
    for expected in ("Penilaian Mandiri EPSS 2024", AGENCY_NAME, "Pemerintah Kota",
                     "kode wilayah BPS 9971", "2,52", "Cukup", "Tahun penilaian 2024",
                     "Indikator terisi 38 dari 38", f"Data per {moment_utc(as_of)}"):
        assert expected in cover, expected


def test_dossier_table_of_contents_points_at_the_right_pages(demo_dossier):
    pdf = demo_dossier.pdf
    cover = words(pdf.pages[contents_page(pdf)])
    assert contents_page(pdf) == 2  # its own page, after the cover and the story
    titles = ["Ringkasan eksekutif", "Lembar Pengesahan", "Skor domain dan aspek",
              *(f"Domain {d}:" for d in "12345"), "Perkembangan dari tahun ke tahun",
              "Lampiran: daftar bukti dukung", "Sidik jari data (manifes)"]
    for title in titles:
        listed = re.search(re.escape(title) + r"[^\n]*? (\d+)(?: |$)", cover)
        assert listed, title
        if title.startswith("Domain"):  # domains follow each other: the heading's page
            after = contents_page(pdf) + 1
            page = next(i for i, text in enumerate(pdf.pages[after:], after)
                        if re.search(rf"(^|\n){title}", text))
        else:
            page = chapter(pdf, title)
        assert int(listed.group(1)) == page + 1, title


def test_dossier_executive_summary(demo_dossier):
    pdf = demo_dossier.pdf
    page = words(pdf.pages[chapter(pdf, "Ringkasan eksekutif")])
    assert "Indeks Pembangunan Statistik (IPS) 2,52, predikat Cukup." in page
    assert "(sementara)" not in page and "Skor sementara" not in page
    # the 2023 national averages as context, labelled as BPS-assessed; the table with this
    # agency's difference is in the scores chapter
    assert ("Sebagai pembanding (angka BPS; IPS 2,52 di atas adalah penilaian mandiri): "
            "Rata-rata nasional, semua instansi 2023: 1,78 (hasil penilaian BPS)") in page
    assert "Target BPS untuk kabupaten/kota 2024: 2,60 (target BPS)" in page
    start = chapter(pdf, "Skor domain dan aspek")
    scores = words(" ".join(pdf.pages[start:start + 2]))  # the table is kept whole
    assert ("Rata-rata nasional, semua instansi (hasil penilaian BPS) 2023 1,78 +0,74"
            in scores)
    assert "Rata-rata pemerintah kota (hasil penilaian BPS) 2023 1,88 +0,64" in scores
    assert "Target BPS untuk kabupaten/kota 2024 2,60 \u22120,08" in scores
    # the bar chart: labels and values as text
    for label, value in (("1 Prinsip SDI", "3,00"), ("2 Kualitas Data", "2,30"),
                         ("5 Statistik Nasional", "1,78")):
        assert f"{label} {value}" in page
    assert "Sangat Baik" in page and "Memuaskan" in page  # the predikat bands


def test_dossier_domain_and_aspect_tables(demo_dossier, demo_context):
    pdf = demo_dossier.pdf
    start = chapter(pdf, "Skor domain dan aspek")
    text = words(" ".join(pdf.pages[start:start + 2]))
    assert demo_context["score"]["answered"] == demo_context["score"]["total"]
    assert "TERISI" not in text  # every indicator is answered: the column would say so 24 times
    for d in demo_context["domains"]:
        assert f"{d['code']} {d['name']} {d['weight']} {d['index_display']} {d['predikat']}" in text
        for a in d["aspects"]:
            assert f"{a['code']} {a['name']} {a['weight']} {a['index_display']}" in text
    for axis in demo_context["charts"]["radar"]["axes"]:  # the radar chart's labels
        assert axis in text


def test_dossier_lists_all_38_indicator_codes(demo_dossier, demo_ws):
    pdf = demo_dossier.pdf
    body = words(" ".join(pdf.pages[:appendix_page(pdf)]))
    codes = demo_ws.catalog.codes
    assert len(codes) == 38
    for code in codes:
        assert re.search(rf"(?<!\d){code}(?!\d)", body), code


def test_dossier_indicator_sections(demo_dossier, demo_context):
    pdf = demo_dossier.pdf
    body = words(" ".join(pdf.pages[:appendix_page(pdf)]))
    for item in demo_context["indicator_list"]:
        assert f"{item['code']} {item['name']}" in body, item["code"]
        assert f"Tingkat {item['level']} · {item['level_name']}" in body
        assert words(item["criterion"]) in body, item["code"]
        # the explanation's first words (a paragraph may continue on the next page)
        assert words(item["explanation"])[:60] in body, item["code"]


def test_dossier_evidence_in_indicator_sections(demo_dossier, demo_ws, demo_aid):
    from evidence.sniff import label_for_media_type

    pdf = demo_dossier.pdf
    before = pdf.pages[:appendix_page(pdf)]
    body = words(" ".join(before))
    compact = re.sub(r"\s+", "", " ".join(before))
    files, links = files_and_links(demo_ws, demo_aid)
    demo_2024 = [e for e in DEMO_EVIDENCE if e[0] == 2024 and not e[5]]
    assert len(files) == sum(e[4] is not None for e in demo_2024)
    assert len(links) == sum(e[4] is None for e in demo_2024)
    for a in files:
        kind = label_for_media_type(a.media_type)
        assert f"{a.title} · {kind} · {file_size(a.size)} · {a.blob_sha[:12]}" in body
        assert a.blob_sha not in compact  # the full hash is for the appendix
    for a in links:
        assert f"{a.title} · Tautan ·" in body
        assert re.sub(r"\s+", "", a.url) in compact


def test_dossier_appendix_indexes_every_file_with_its_full_hash(demo_dossier, demo_ws,
                                                                 demo_aid):
    """One line an item: its number, its indicator and the full SHA-256 (or the link); the number
    is the one printed beside the item's title in its indicator's section."""
    pdf = demo_dossier.pdf
    start = appendix_page(pdf)
    sections = words(" ".join(pdf.pages[:start]))
    appendix = words(" ".join(pdf.pages[start:-1]))
    files, links = files_and_links(demo_ws, demo_aid)
    for a in files + links:
        numbered = re.search(rf"(?<!\d)(\d+)\. {re.escape(a.title)} · ", sections)
        assert numbered, a.title
        number = numbered.group(1)
        if a.blob_sha:
            assert re.search(rf"(?<!\d){number} {a.indicator} {a.blob_sha}", appendix), a.title
        else:  # a long link wraps under its column
            line = re.search(rf"(?<!\d){number} {a.indicator} (\S+(?: \S+)*?)(?= \d+ \d{{5}} |$)",
                             appendix)
            assert line and re.sub(r"\s+", "", line.group(1)).startswith(a.url), a.title
    numbers = [int(n) for n in re.findall(r"(?:^| )(\d+) \d{5} ", appendix)]
    assert numbers == list(range(1, len(demo_ws.evidence(demo_aid)) + 1))
    assert not any(a.title in appendix for a in files)  # titles are in the sections only


def test_dossier_hides_confidential_evidence(demo_dossier, demo_ws, demo_aid):
    [secret] = [a for a in demo_ws.evidence(demo_aid) if a.confidential]
    pdf = demo_dossier.pdf
    assert secret.title == CONFIDENTIAL_TITLE
    for leak in (secret.title, secret.original_name, secret.blob_sha, secret.blob_sha[:12]):
        assert re.sub(r"\s+", "", leak) not in pdf.compact, leak
    assert secret.blob_sha[:12] not in pdf.flat
    assert "(rahasia)" in pdf.flat
    assert re.search(rf"(?<!\d)\d+ {secret.indicator} tidak dicantumkan", pdf.flat)
    assert "termasuk 1 rahasia yang disamarkan" in pdf.flat


def test_dossier_year_over_year(demo_dossier, demo_ws):
    pdf = demo_dossier.pdf
    start = chapter(pdf, "Perkembangan dari tahun ke tahun")
    text = words(" ".join(pdf.pages[start:start + 2]))
    old = demo_ws.scorecard(demo_ws.assessment(2023, "mandiri").id)
    bps = demo_ws.scorecard(demo_ws.assessment(2023, "badan").id)
    new = demo_ws.scorecard(demo_ws.assessment(2024, "mandiri").id)
    assert f"2023 Penilaian mandiri {old.ips_display} {old.predikat}" in text
    assert f"2023 Penilaian badan (hasil BPS) {bps.ips_display} {bps.predikat}" in text
    assert f"2024 Penilaian mandiri {new.ips_display} {new.predikat}" in text
    delta = format_id(new.ips_rounded - old.ips_rounded)
    assert f"Penilaian mandiri 2023 → 2024: IPS +{delta}" in text
    raised = sum(MANDIRI_2024[c] > MANDIRI_2023[c] for c in MANDIRI_2024)
    lowered = sum(MANDIRI_2024[c] < MANDIRI_2023[c] for c in MANDIRI_2024)
    assert raised > 0
    assert f"{raised} indikator naik, {lowered} turun, {38 - raised - lowered} tetap" in text
    # each changed indicator: its short name, both levels and what the change did to the IPS
    change = demo_ws.compare_years(2023, 2024).to_dict()
    for row in change["indicators"]:
        if row["delta"]:
            short = row["name"].removeprefix("Tingkat Kematangan ")
            short = short[:1].upper() + short[1:]
            assert f"{row['code']} {short} {row['old_level']} → {row['new_level']} " \
                   f"({row['effect_display']})" in text, row["code"]


def test_dossier_has_no_self_vs_bps_page_without_a_bps_result(demo_dossier):
    assert "Penilaian mandiri dan hasil BPS" not in demo_dossier.pdf.flat


def test_dossier_fetched_nothing_from_outside(demo_dossier):
    rec = demo_dossier.recording
    assert len(rec.fetchers) == 1
    assert rec.refused == []
    assert rec.served == [stylesheet_uri()]
    assert rec.connections == []


def test_render_report_writes_only_the_output(demo_dossier):
    folder = demo_dossier.pdf.path.parent
    assert [p.name for p in folder.iterdir()] == ["dossier.pdf"]  # no temporary left behind
    assert demo_dossier.pdf.path.read_bytes().startswith(b"%PDF-")


# -- the summary --------------------------------------------------------------------------------

def test_summary_is_two_pages(demo_summary):
    pdf = demo_summary.pdf
    assert len(pdf.pages) == 2
    assert "Halaman 1 dari 2" in words(pdf.pages[0])
    assert "Halaman 2 dari 2" in words(pdf.pages[1])


def test_summary_scorecard(demo_summary, demo_ws, demo_context):
    pdf = demo_summary.pdf
    first = words(pdf.pages[0])
    assert "Penilaian Mandiri EPSS 2024" in first and AGENCY_NAME in first
    assert "2,52" in first and "Cukup" in first
    for d in demo_context["domains"]:
        assert f"{d['code']} {d['name']} {d['weight']}" in first
        assert d["index_display"] in first
    second = words(pdf.pages[1])
    for code in demo_ws.catalog.codes:
        assert re.search(rf"(?<!\d){code} .+? \d", second), code
    assert "Rata-rata nasional, semua instansi (hasil penilaian BPS) 2023 1,78" in second


def test_summary_metadata(demo_summary):
    reader = demo_summary.pdf.reader
    assert reader.metadata.title == f"Penilaian Mandiri EPSS 2024 — {AGENCY_NAME}"
    assert reader.metadata.author == AGENCY_NAME
    assert reader.metadata.subject == "Penilaian Mandiri EPSS 2024: IPS 2,52 (Cukup)"
    assert reader.trailer["/Root"].get("/Lang") == "id"


def test_summary_fetched_nothing_from_outside(demo_summary):
    assert demo_summary.recording.refused == []
    assert demo_summary.recording.served == [stylesheet_uri()]
    assert demo_summary.recording.connections == []


def test_summary_hides_confidential_evidence(demo_summary):
    assert CONFIDENTIAL_TITLE not in demo_summary.pdf.flat


# -- confidential evidence on request -----------------------------------------------------------
# (printed from the demo with hostile text below: one dossier render serves both)


def test_dossier_includes_confidential_evidence_on_request(hostile):
    ws, aid, pdf = hostile.ws, hostile.aid, hostile.rendered.pdf
    [secret] = [a for a in ws.evidence(aid) if a.confidential]
    assert f"{CONFIDENTIAL_TITLE} (rahasia)" in pdf.flat  # shown, and still marked
    assert secret.blob_sha in re.sub(r"\s+", "", " ".join(pdf.pages[appendix_page(pdf):]))
    assert "tidak dicantumkan" not in pdf.flat
    expected = manifest_hash(build_manifest(
        ws.agency, ws.get_assessment(aid), ws.answers(aid), ws.evidence(aid),
        edition=ws.catalog.edition.id, include_confidential=True,
        kegiatan=ws.sampling.kegiatan(aid)))
    assert expected in re.sub(r"\s+", "", pdf.pages[-1])


# -- the year with a BPS result -----------------------------------------------------------------

@pytest.fixture(scope="module")
def dossier_2023(demo_ws, kit, tmp_path_factory):
    aid = demo_ws.assessment(2023, "mandiri").id
    out = tmp_path_factory.mktemp("y2023") / "dossier.pdf"
    return kit.render_pdf(demo_ws, aid, out, template="dossier")


def test_dossier_self_vs_bps(dossier_2023, demo_ws):
    pdf = dossier_2023.pdf
    gap = demo_ws.compare_self_vs_badan(2023).to_dict()
    start = chapter(pdf, "Penilaian mandiri dan hasil BPS 2023")
    text = words(" ".join(pdf.pages[start:start + 3]))
    assert f"{gap['mandiri']['ips_display']} IPS penilaian mandiri ({gap['mandiri']['predikat']})" \
        in text
    assert f"{gap['badan']['ips_display']} IPS hasil BPS ({gap['badan']['predikat']})" in text
    assert "Indikator yang berbeda" in text
    differing = [i for i in gap["indicators"] if i["gap"]]
    assert len(differing) == sum(BADAN_2023[c] != MANDIRI_2023[c] for c in MANDIRI_2023) > 0
    for row in differing:
        assert f"{row['code']} " in text
        assert f"{row['mandiri_level']} / {row['badan_level']} ({row['effect_display']})" in text
    assert "Indeks domain: penilaian mandiri dan hasil BPS." in text  # the radar's caption
    assert "Prinsip SDI" in text and "Hasil BPS" in text  # its axis and legend labels
    assert dossier_2023.recording.refused == []


# -- hostile text -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory, kit, demo_template):
    """The demo with hostile text in a penjelasan, the title and a link, as HTML and as the
    dossier printed with its confidential evidence."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(demo_template, root / "ws")
    ws = Workspace.open(root / "ws", actor="Tim Penilai Internal")
    aid = ws.assessment(2024, "mandiri").id
    ws.set_answer(aid, "10101", explanation=HOSTILE)
    ws.rename_assessment(aid, "<i>judul</i> {{ 6*7 }}")
    ws.link_evidence(aid, "10201", "https://example.com/a?b=<i>x</i>&c={{7*7}}",
                     title='<img src="file:///etc/passwd"> {{ 8*8 }}')
    html = render_html(TEMPLATES["dossier"][0], build_context(ws, aid, today=kit.today))
    rendered = kit.render_pdf(ws, aid, root / "hostile.pdf", template="dossier",
                              include_confidential=True)
    yield SimpleNamespace(ws=ws, aid=aid, html=html, rendered=rendered)
    ws.close()


def test_hostile_text_is_escaped_in_the_html(hostile):
    html = hostile.html
    assert "&lt;b&gt;tebal&lt;/b&gt; {{ 7*7 }} {% raw %}" in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "&lt;script&gt;" in html
    assert "&amp;amp; &amp;lt;" in html
    assert "<b>tebal</b>" not in html
    assert '<img src="file:///etc/passwd">' not in html
    assert "<script" not in html
    assert 'href="http://127.0.0.1:9/x.css"' not in html
    assert "&lt;i&gt;judul&lt;/i&gt; {{ 6*7 }}" in html


def test_hostile_text_is_printed_as_typed(hostile):
    rendered = hostile.rendered
    text = rendered.pdf.flat
    for line in HOSTILE_LINES:
        assert words(line) in text, line
    assert "<i>judul</i> {{ 6*7 }}" in text
    assert '<img src="file:///etc/passwd"> {{ 8*8 }} · Tautan' in text
    assert "https://example.com/a?b=<i>x</i>&c={{7*7}}" in rendered.pdf.compact
    assert "root:x:0" not in text


def test_hostile_text_fetches_nothing(hostile):
    rendered = hostile.rendered
    rec = rendered.recording
    assert rec.refused == []
    assert rec.served == [stylesheet_uri()]
    assert rec.connections == []


# -- a partly answered assessment ---------------------------------------------------------------

PARTIAL = {"10101": 4, "20101": 3, "30101": 2}


@pytest.fixture(scope="module")
def partial(tmp_path_factory, kit):
    root = tmp_path_factory.mktemp("partial")
    ws = Workspace.create(root / "ws", name="Pemerintah Kabupaten Uji", kind="kabupaten",
                          code="9901", actor="penguji")
    aid = ws.new_assessment(2025).id
    for code, level in PARTIAL.items():
        ws.set_answer(aid, code, level=level, explanation=f"Penjelasan {code}.")
    stages: list[str] = []
    summary_path = render_report(ws, aid, template="summary", today=kit.today,
                                 progress=stages.append)
    dossier = kit.render_pdf(ws, aid, root / "dossier.pdf", template="dossier")
    yield {"ws": ws, "aid": aid, "summary_path": summary_path, "stages": stages,
           "summary": kit.read_pdf(summary_path), "dossier": dossier.pdf}
    ws.close()


def expected_ceiling(ws, aid) -> str:
    """The IPS with every unanswered indicator at level 5, scored independently."""
    levels = {code: 5 for code in ws.catalog.codes} | ws.levels(aid)
    return score(ws.catalog, levels).ips_display


def test_partial_scores_are_provisional_with_a_ceiling(partial):
    ws, aid = partial["ws"], partial["aid"]
    card = ws.scorecard(aid)
    ceiling = expected_ceiling(ws, aid)
    assert card.provisional and card.answered == 3
    assert ceiling == format_id(card.ips_ceiling)
    for pdf in (partial["summary"], partial["dossier"]):
        text = pdf.flat
        # pypdf runs the badge's number and predikat together ("1,29Kurang")
        assert re.search(rf"{card.ips_display} ?{card.predikat} \(sementara\)", text)
        assert f"IPS paling tinggi {ceiling}" in text
    dossier = partial["dossier"].flat
    assert "Skor sementara." in dossier
    assert "Baru 3 dari 38 indikator yang diisi." in dossier
    assert "Skor sementara: 3 dari 38 indikator terisi" in partial["summary"].flat


def test_partial_dossier_marks_unanswered_indicators(partial):
    pdf = partial["dossier"]
    assert pdf.flat.count("Belum diisi") == 38 - len(PARTIAL)
    card = partial["ws"].scorecard(partial["aid"])
    assert f"predikat {card.predikat} (sementara)." in pdf.flat
    assert "Belum ada bukti dukung." in pdf.flat


def test_partial_dossier_shows_how_much_of_each_domain_is_answered(partial):
    pdf = partial["dossier"]
    start = chapter(pdf, "Skor domain dan aspek")
    text = words(" ".join(pdf.pages[start:start + 2]))
    assert "TERISI" in text
    assert re.search(r"1 Prinsip Satu Data Indonesia \d+% 1/4 ", text)
    assert re.search(r"101 Standar Data Statistik \d+% 1/1 ", text)


def test_single_assessment_has_no_history_or_bps_pages(partial):
    text = partial["dossier"].flat
    assert "Perkembangan dari tahun ke tahun" not in text
    assert "Penilaian mandiri dan hasil BPS" not in text


def test_partial_summary_is_still_two_pages(partial):
    assert len(partial["summary"].pages) == 2


def test_render_report_default_output_and_progress(partial):
    ws, aid = partial["ws"], partial["aid"]
    path = partial["summary_path"]
    assert path == default_output(ws, ws.get_assessment(aid), "summary")
    assert path == ws.root / "reports" / "epss-9901-2025-mandiri-ringkasan.pdf"
    assert path.is_file()
    stages = partial["stages"]
    assert stages[0] == "membaca workspace" and stages[-1] == "selesai"
    assert "menyusun HTML" in stages
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_render_report_refuses_a_folder_as_output(partial, tmp_path):
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    with pytest.raises(WorkspaceError, match="folder"):
        render_report(partial["ws"], partial["aid"], template="summary", output=folder)
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.pdf"]


def test_output_folder_is_created(partial, tmp_path):
    target = tmp_path / "baru" / "dalam" / "ringkasan.pdf"
    assert render_report(partial["ws"], partial["aid"], template="summary",
                         output=target) == target
    assert Path(target).read_bytes().startswith(b"%PDF-")
