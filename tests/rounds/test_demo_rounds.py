"""The Kota Contoh demo shows issue 18: the assessors' rounds that led to the 2023 BPS result,
with a repair list and deadline, and OPD assignments of the 2024 self-assessment with one lagging
OPD. The rounds end exactly at the 2023 BPS levels, so the demo's figures stay.

The demo template is shared: these tests only read it."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from epss.cli import main
from epss.core.scoring import format_index, score
from epss.demo import BADAN_2023, MANDIRI_2023

# A reference day after every due date in penugasan.toml: what "today" is for anyone running the
# demo, fixed here so the test does not depend on the calendar.
LATER = date(2025, 1, 1)
WALIDATA = "Dinas Komunikasi dan Informatika"


@pytest.fixture
def demo(demo_template, open_workspace):
    ws = open_workspace(demo_template)
    return ws, ws.assessment(2024, "mandiri"), ws.assessment(2023, "badan")


def _cli(root, *args: str) -> str:
    result = CliRunner().invoke(main, ["-w", str(root), *args])
    assert result.exit_code == 0, (result.output, result.stderr)
    return result.output


def _ips(ws, assessment_id: int) -> str:
    card = score(ws.catalog, {c: a.level for c, a in ws.answers(assessment_id).items()})
    return format_index(card.ips, card.rounding)


def test_the_existing_figures_stay(demo):
    ws, mandiri, badan = demo
    assert _ips(ws, mandiri.id) == "2,52"
    assert _ips(ws, badan.id) == "1,86"
    assert _ips(ws, ws.assessment(2023, "mandiri").id) == "2,18"
    # the rounds sit on the 2023 BPS result: there is no 2024 one
    assert [(a.year, a.kind) for a in ws.assessments() if a.kind == "badan"] == [(2023, "badan")]
    assert badan.status == "final"
    answers = ws.answers(badan.id)
    assert {c: a.level for c, a in answers.items()} == BADAN_2023
    assert all(a.explanation == "" for a in answers.values())


def test_two_rounds_dokumen_scores_all_pleno_ends_at_the_bps_result(demo):
    ws, _mandiri, badan = demo
    rows = {r.round: r for r in ws.rounds.summaries(badan.id)}
    assert list(rows) == ["dokumen", "pleno"]
    total = len(ws.catalog.indicators)
    assert rows["dokumen"].recorded == total
    assert 3 <= rows["pleno"].recorded <= 5
    assert rows["pleno"].standing == total
    assert rows["dokumen"].deadline is None
    assert date.fromisoformat(rows["pleno"].deadline) == date(2023, 9, 15)
    # the standing after pleno is the BPS result, and the answers follow it
    standing = ws.rounds.standing(badan.id, "pleno")
    assert standing == BADAN_2023
    assert {c: a.level for c, a in ws.answers(badan.id).items()} == standing
    card = rows["pleno"].scorecard
    assert format_index(card.ips, card.rounding) == "1,86"
    # the dokumen round differs only where the pleno re-scored: one lowered, some raised
    levels = ws.rounds.levels(badan.id)
    dokumen = ws.rounds.standing(badan.id, "dokumen")
    changed = {c for c in dokumen if dokumen[c] != BADAN_2023[c]}
    assert changed == set(levels["pleno"])
    assert any(dokumen[c] > BADAN_2023[c] for c in changed)
    assert any(dokumen[c] < BADAN_2023[c] for c in changed)
    for code in changed:  # each re-scored indicator carries a note in both rounds
        assert levels["dokumen"][code]["note"] and levels["pleno"][code]["note"]


def test_pleno_drops_are_those_below_mandiri_2023_each_with_a_note(demo):
    ws, _mandiri, badan = demo
    levels = ws.rounds.levels(badan.id)
    repair = ws.rounds.drops(badan.id)  # the latest round: pleno
    assert repair.round == "pleno"
    assert repair.deadline == "2023-09-15"
    assert repair.mandiri.year == 2023
    below = [c for c in MANDIRI_2023 if BADAN_2023[c] < MANDIRI_2023[c]]
    assert sorted(i.code for i in repair.items) == sorted(below)
    assert len(below) == 8
    own = ws.answers(repair.mandiri.id)
    for item in repair.items:
        assert item.tpb_level == BADAN_2023[item.code]
        assert item.tpb_level < item.mandiri_level == own[item.code].level
        latest = levels["pleno"].get(item.code) or levels["dokumen"][item.code]
        assert item.note and item.note == latest["note"]
        assert "\n" not in item.note and "  " not in item.note
    by_code = {i.code: i for i in repair.items}
    assert by_code["10101"].files  # the 2023 Perwali goes into the package
    # the dokumen round listed more: the pleno accepted some after clarification
    dokumen = ws.rounds.drops(badan.id, "dokumen")
    assert len(dokumen.items) > len(repair.items)
    # notes only where they say something: the drops and the re-scored indicators
    noted = {c for r in levels.values() for c, row in r.items() if row["note"]}
    assert noted == set(below) | set(levels["pleno"])


def test_assignments_reach_the_walidata_and_both_sampled_opd(demo):
    ws, mandiri, _badan = demo
    kegiatan = {k.id: k for k in ws.sampling.kegiatan(mandiri.id)}
    found = ws.coordination.assignments(mandiri.id)
    assert {a.opd for a in found} == {"Dinas Kesehatan", "Dinas Pendidikan", WALIDATA}
    assert {k.opd for k in kegiatan.values()} <= {a.opd for a in found}
    for a in found:
        assert a.pic and a.due is not None and a.due.year == 2024
        if a.kegiatan_id is not None:
            assert kegiatan[a.kegiatan_id].opd == a.opd  # a share goes to its kegiatan's OPD


def test_progress_shows_one_lagging_opd_and_the_rest_hijau(demo):
    ws, mandiri, _badan = demo
    rows = {r.opd: r for r in ws.coordination.progress(mandiri.id, LATER)}
    lagging = [r for r in rows.values() if r.zone != "hijau"]
    assert [r.opd for r in lagging] == ["Dinas Pendidikan"]
    assert lagging[0].zone in ("merah", "kuning")
    assert lagging[0].overdue == lagging[0].assigned - lagging[0].done > 0
    assert {o for o, r in rows.items() if r.zone == "hijau"} == {"Dinas Kesehatan", WALIDATA}
    assert all(r.overdue == 0 for r in rows.values() if r.zone == "hijau")
    # before the last due date only the earlier ones are overdue
    early = {r.opd: r for r in ws.coordination.progress(mandiri.id, date(2024, 5, 20))}
    assert 0 < early["Dinas Pendidikan"].overdue < lagging[0].overdue


def test_the_cli_prints_the_demo_in_indonesian(demo_template, tmp_path):
    out = _cli(demo_template, "round", "list", "--year", "2023")
    assert "Penilaian dokumen" in out and "Pleno" in out and "tenggat 2023-09-15" in out
    assert "IPS 1,86" in out
    out = _cli(demo_template, "perbaikan", "--year", "2023")
    assert "babak Pleno: 8 indikator turun dari tingkat mandiri, tenggat 2023-09-15" in out
    assert out.count("Catatan TPB:") == 8
    out = _cli(demo_template, "progress", "--today", "2025-01-01")
    assert "Dinas Pendidikan: MERAH" in out and "Dinas Kesehatan: HIJAU" in out
    assert "terlambat: 10201" in out and "PIC " in out
    # the package is written outside the shared demo
    out = _cli(demo_template, "perbaikan", "--year", "2023", "-o", str(tmp_path / "perbaikan"))
    assert (tmp_path / "perbaikan" / "indeks-perbaikan.xlsx").is_file()
    folders = sorted(p.name for p in (tmp_path / "perbaikan").iterdir() if p.is_dir())
    assert len(folders) == 8
    assert folders[:2] == ["01_10101_standar-data-statistik-sds", "02_10201_metadata-statistik"]
