"""The committee report (PDF) of the fictional committee demo, read back with pypdf, and the
HTML it is printed from when an entrant's name is hostile."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from epss.core.award import IPS_MAPPING, TIE_RULE, display, standings
from epss.demo.committee import JURORS, EntrantSpec, write_entrant_bundles
from epss.services.committee_report import (
    MANIFEST_TERM,
    TEMPLATE,
    build_context,
    render_committee_report,
    roman,
    stage_title,
)
from epss.services.workspace import Workspace
from reports import check_plain, render_html

TODAY = dt.date(2026, 11, 22)
HOSTILE_NAME = "Pemerintah Kota Aneh <b>x</b>{{ 7*7 }}"
HOSTILE_JUROR = "<i>Juri</i> {{ 6*7 }}"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def demo(tmp_path_factory, kit, committee_template) -> SimpleNamespace:
    root = tmp_path_factory.mktemp("komite") / "ws"
    shutil.copytree(committee_template, root)
    ws = Workspace.open(root, actor="Sekretariat Komite")
    committee = ws.committee
    award = committee.award()
    target = root.parent / "komite.pdf"
    with kit.recording() as rec:
        path = render_committee_report(ws, award, target, today=TODAY)
    assert path == target
    pdf = kit.read_pdf(path)
    yield SimpleNamespace(ws=ws, committee=committee, award=award, pdf=pdf, recording=rec,
                          ranking=committee.ranking(award), entrants=committee.entrants(award),
                          context=build_context(ws, award, TODAY))
    ws.close()


def test_the_demo_has_what_the_report_must_show(demo):
    one, two, three = demo.ranking.stages
    assert len(demo.entrants) == 14
    assert one.incomplete and two.incomplete  # a missing input; an entrant without an IPS
    assert len(three.ranked) == 10 and sum(r.advanced for r in three.ranked) == 5
    assert all(r.parts[0].jury.rule == "trimmed-mean" for r in three.ranked)


def test_nothing_is_fetched(demo):
    assert demo.recording.connections == []
    assert demo.recording.refused == []


def test_metadata(demo):
    meta = demo.pdf.reader.metadata
    assert "Laporan Komite" in meta.title
    assert "SATA Jatim Award 2024" in meta.title
    assert meta.author == "Dinas Kominfo Provinsi Contoh"


def test_the_winners_are_named_with_their_scores(demo):
    text = demo.pdf.flat
    winners = [r for r in demo.ranking.stages[-1].ranked if r.advanced]
    assert len(winners) == 5
    results = text.split("Hasil akhir", 1)[1].split("Rubrik", 1)[0]
    for row in winners:
        assert row.entrant.name in results
        assert display(row.score) in results
    losers = [r for r in demo.ranking.stages[-1].ranked if not r.advanced]
    for row in losers:
        assert row.entrant.name not in results


def test_every_bundle_hash_is_printed_in_full(demo):
    compact = demo.pdf.compact
    for entrant in demo.entrants:
        assert re.fullmatch(r"[0-9a-f]{64}", entrant.bundle_hash)
        assert entrant.bundle_hash in compact, entrant.name
    assert demo.award.rubric_sha256 in compact


def test_every_entrant_and_its_outcome(demo):
    text = demo.pdf.flat
    for entrant in demo.entrants:
        assert entrant.name in text
    assert "pemenang, peringkat 1" in text
    assert "belum lengkap di Tahap I" in text  # the one whose integration is not reported
    assert "tanpa IPS: IPS belum final: baru 30 dari 38 indikator terisi" in text
    assert "tidak dianggap nol" in text


def test_assumed_weights_and_the_rules_are_stated(demo):
    text = demo.pdf.flat
    assert "asumsi" in text
    assert "Bobot diasumsikan." in text
    assert flat(IPS_MAPPING) in text
    assert flat(TIE_RULE) in text
    assert "rata-rata terpangkas" in text
    assert "tidak dihitung:" in text  # which jurors' scores the trimmed mean left out


def test_the_raw_jury_scores_are_printed(demo):
    text = demo.pdf.flat
    section = text.split("Nilai juri", 1)[1]
    for juror in JURORS:
        assert juror in section
    finalists = {r.entrant.name for r in demo.ranking.stages[-1].rows}
    for name in finalists:
        assert name in section


def test_the_context_is_plain_and_matches_the_ranking(demo):
    context = demo.context
    check_plain(context)
    assert context["document"]["title"].startswith("Laporan Komite")
    assert [w["name"] for w in context["winners"]] == [
        r.entrant.name for r in demo.ranking.stages[-1].ranked if r.advanced]
    assert context["counts"] == {"entrants": 14, "with_ips": 13}
    assert {e["bundle_hash"] for e in context["entrants"]} == {
        e.bundle_hash for e in demo.entrants}


# -- the report as minutes (issue 17) --------------------------------------------------------


def test_leaderboards_head_their_columns_with_criterion_names(demo):
    for number, result in enumerate(demo.ranking.stages, 1):
        title = stage_title(number, result.stage.name)
        # from the heading on (the rubric, which may end on the same page, names the stage
        # too, followed by " · bobot tahap")
        heading = re.compile(re.escape(title) + r"(?! ·)")
        board = next(parts[-1] for page in demo.pdf.pages
                     if len(parts := heading.split(flat(page))) > 1)
        header = board.split("PESERTA", 1)[1].split("NILAI TAHAP", 1)[0]
        assert header.strip() == " ".join(flat(c.name) for c in result.stage.criteria)


def test_stages_are_numbered_one_way():
    assert [roman(n) for n in (1, 2, 3, 4, 9, 14)] == ["I", "II", "III", "IV", "IX", "XIV"]
    assert stage_title(2, "Tahap II: hasil EPSS") == "Tahap II: hasil EPSS"
    assert stage_title(2, "Tahap 2 - hasil EPSS") == "Tahap II: hasil EPSS"
    assert stage_title(3, "Penilaian") == "Tahap III: Penilaian"


def test_the_pdf_never_numbers_a_stage_with_digits(demo):
    text = demo.pdf.flat
    stage_number = r"\btahap [0-9]+(?![0-9]|,[0-9])"  # not a score ("nilai tahap 76,21")
    assert not re.search(stage_number, text, re.IGNORECASE), re.findall(
        r".{30}" + stage_number + ".{10}", text, re.IGNORECASE)
    for label in ("Tahap I:", "Tahap II:", "Tahap III:", "Tahap I–III", "belum lengkap di Tahap"):
        assert label in text


def test_entrant_blocks_follow_the_ranking(demo):
    text = demo.pdf.flat.split("Rincian per peserta", 1)[1]
    where = standings(demo.ranking)
    expected = sorted(demo.entrants, key=lambda e: (*where[e.key].order, e.name.casefold())
                      if e.key in where else (1, 2, 0, "", e.name.casefold()))
    positions = [text.index(e.name) for e in expected]
    assert positions == sorted(positions)
    winners = [r.entrant.name for r in demo.ranking.stages[-1].ranked if r.advanced]
    assert [e.name for e in expected[:5]] == winners
    assert [p["name"] for p in demo.context["entrants"]] == [e.name for e in expected]


def test_the_trimmed_mean_and_the_dropped_scores_are_visible(demo):
    section = demo.pdf.flat.split("Nilai juri", 1)[1].split("Rincian per peserta", 1)[0]
    assert "Rata-rata terpangkas" in section
    final = demo.ranking.stages[-1]
    for row in final.ranked:
        part = row.parts[0]
        assert part.jury is not None and len(part.jury.dropped) == 2
        scores = [p for p in demo.context["jury"][0]["rows"] if p["name"] == row.entrant.name]
        (table_row,) = scores
        dropped = [s["value"] for s in table_row["scores"] if s["dropped"]]
        assert len(dropped) == 2
        assert {display(part.jury.low), display(part.jury.high)} == set(dropped)
        for value in dropped:
            assert f"({value})" in section
        assert table_row["value"] == display(part.value)
    # the jury table lists the finalists in rank order too
    names = [r["name"] for r in demo.context["jury"][0]["rows"]]
    assert names == [r.entrant.name for r in final.ranked]


def test_every_hash_is_printed_on_one_unbroken_line(demo):
    lines = [line for page in demo.pdf.pages for line in page.splitlines()]
    for entrant in demo.entrants:
        assert any(entrant.bundle_hash in line for line in lines), entrant.name
    assert any(demo.award.rubric_sha256 in line for line in lines)


def test_one_term_for_the_manifest_fingerprint_in_both_documents(demo):
    dossier = (Path(__file__).parents[2] / "reports" / "templates" / "dossier.html.j2")
    assert MANIFEST_TERM.casefold() in dossier.read_text("utf-8").casefold()
    text = demo.pdf.flat
    assert text.count(MANIFEST_TERM.capitalize()) >= len(demo.entrants)
    assert "hash bundel" not in text.casefold() and "hash manifest" not in text.casefold()


def test_the_rubric_is_not_left_to_fill_a_page_alone(demo):
    """The rubric's last stage row once sat alone on page 2 (9 % filled) before a forced break:
    the first leaderboard follows the rubric, and a stage's heading row keeps its criterion."""
    rubric_end = demo.pdf.page_of("SHA-256 rubrik yang dipakai")
    assert demo.pdf.page_of("Tahap I: portal dan integrasi data Bobot tahap") == rubric_end
    last_stage = demo.pdf.page_of("Tahap III: presentasi dan wawancara tata kelola data · bobot")
    assert "presentasi Presentasi dan wawancara" in flat(demo.pdf.pages[last_stage])


def test_the_berita_acara_page(demo):
    page = flat(demo.pdf.pages[-1])
    assert page.startswith("Dinas Kominfo") or "BERITA ACARA" in page
    assert "BERITA ACARA" in page and "PENETAPAN HASIL PENILAIAN SATA JATIM AWARD 2024" in page
    for juror in JURORS:
        assert juror in page
    assert "Ketua Panitia SATA Jatim Award 2024" in page
    assert "NIP" in page and "Tanda tangan".upper() in page.upper()
    winners = [r for r in demo.ranking.stages[-1].ranked if r.advanced]
    for row in winners:
        assert row.entrant.name in page
    assert demo.context["jurors"] == sorted(JURORS, key=str.casefold)


# -- a hostile entrant name is text ----------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> SimpleNamespace:
    base = tmp_path_factory.mktemp("aneh")
    specs = [EntrantSpec(HOSTILE_NAME, "kota", "9971"),
             EntrantSpec("Pemerintah Kabupaten Biasa", "kabupaten", "9911")]
    paths = write_entrant_bundles(base / "bundel", specs)
    ws = Workspace.create(base / "ws", name="Dinas Kominfo Provinsi Contoh", kind="provinsi",
                          code="99")
    committee = ws.committee
    award = committee.new_award("sata-jatim", 2024)
    for path in paths:
        committee.enter(award, path)
    for spec in specs:
        for criterion in ("daftar-data", "integrasi", "sdi"):
            committee.set_input(award, spec.code, criterion, 70)
        committee.set_jury(award, HOSTILE_JUROR, spec.code, "presentasi", 80)
    html = render_html(TEMPLATE, build_context(ws, award, TODAY))
    yield SimpleNamespace(ws=ws, award=award, html=html)
    ws.close()


def test_a_hostile_agency_name_is_printed_as_text(hostile):
    html = hostile.html
    escaped = "Pemerintah Kota Aneh &lt;b&gt;x&lt;/b&gt;{{ 7*7 }}"
    assert html.count(escaped) >= 3  # leaderboards, winners, its own block
    assert "<b>x</b>" not in html
    assert "&lt;/b&gt;49" not in html and "</b>49" not in html
    assert "Aneh" in html and html.count("Aneh") == html.count(escaped)
    assert "&lt;i&gt;Juri&lt;/i&gt; {{ 6*7 }}" in html
    assert "<i>Juri</i>" not in html and "&lt;/i&gt; 42" not in html
    # no template expression was evaluated anywhere (hashes aside, "49" appears nowhere)
    assert "49" not in re.sub(r"[0-9a-f]{64}", "", html)


def test_a_hostile_agency_name_in_the_pdf(hostile, tmp_path, kit):
    target = tmp_path / "aneh.pdf"
    render_committee_report(hostile.ws, hostile.award, target, today=TODAY)
    text = kit.read_pdf(Path(target)).flat
    assert "Pemerintah Kota Aneh <b>x</b>{{ 7*7 }}" in text
    assert "Aneh x49" not in text
