"""The committee report (PDF) of the fictional committee demo, read back with pypdf, and the
HTML it is printed from when an entrant's name is hostile."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from epss.core.award import IPS_MAPPING, TIE_RULE, display
from epss.demo.committee import JURORS, EntrantSpec, write_entrant_bundles
from epss.services.committee_report import TEMPLATE, build_context, render_committee_report
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
    assert "belum lengkap di tahap 1" in text  # the one whose integration is not reported
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
