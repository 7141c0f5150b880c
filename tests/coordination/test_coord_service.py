"""OPD coordination through the workspace and the CLI: assignments, progress, the request sheet
round trip (export → edit with openpyxl → import → proposals → accept/reject), refusals that
change nothing, and a read-only workspace."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from lke_sheet import fill_lke
from openpyxl import load_workbook

import epss.services.workspace
from epss.cli import main
from epss.core.errors import ReadOnlyWorkspace
from epss.services.workspace import Workspace


def run(ws: Workspace, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["-w", str(ws.root), *args])
    assert result.exit_code == code, (result.output, result.stderr)
    assert "Traceback" not in result.output
    return result.output


@pytest.fixture
def coord(workspace: Workspace):
    """2026 mandiri with two sampled kegiatan of two OPD and three assignments."""
    a = workspace.new_assessment(2026)
    k1 = workspace.sampling.add_kegiatan(a.id, opd="Dinas Kesehatan", name="Survei Gizi")
    k2 = workspace.sampling.add_kegiatan(a.id, opd="Dinas Pendidikan", name="Data Sekolah",
                                         kind="kompilasi")
    c = workspace.coordination
    c.assign(a.id, "10101", opd="Dinas Kesehatan", pic="Budi", due="2026-06-30")
    c.assign(a.id, "20101", opd="Dinas Kesehatan", kegiatan_id=k1.id, due="2026-01-01")
    c.assign(a.id, "20101", opd="Dinas Pendidikan", kegiatan_id=k2.id)
    return workspace, a, k1, k2


def test_assign_replace_and_clear_are_logged(coord):
    ws, a, k1, _ = coord
    again = ws.coordination.assign(a.id, "10101", opd="Bappeda", pic="Sari")
    assert (again.opd, again.pic, again.due) == ("Bappeda", "Sari", None)
    assert len([x for x in ws.coordination.assignments(a.id) if x.indicator == "10101"]) == 1
    removed = ws.coordination.clear(a.id, "20101", k1.id)
    assert [r.opd for r in removed] == ["Dinas Kesehatan"]
    assert [x.opd for x in ws.coordination.assignments(a.id) if x.indicator == "20101"] == [
        "Dinas Pendidikan"]
    actions = [e.action for e in ws.store.events()]
    assert actions.count("assign") == 4 and actions.count("unassign") == 1
    ws.coordination.clear(a.id, "20101")  # without a kegiatan: every share
    assert not [x for x in ws.coordination.assignments(a.id) if x.indicator == "20101"]


def test_progress_zones_overdue_and_findings(coord):
    ws, a, k1, _ = coord
    ws.set_answer(a.id, "20101", level=3, explanation="Survei memakai prosedur baku")
    att = ws.link_evidence(a.id, "20101", "https://example.org/sop", title="SOP")
    ws.sampling.mark_evidence(att.id, kegiatan_id=k1.id)
    rows = {r.opd: r for r in ws.coordination.progress(a.id, date(2026, 7, 1))}
    kes, pend = rows["Dinas Kesehatan"], rows["Dinas Pendidikan"]
    assert (kes.assigned, kes.answered, kes.evidenced, kes.done) == (2, 1, 1, 1)
    assert (kes.zone, kes.percent_text, kes.overdue) == ("kuning", "50,0", 1)  # 10101 late
    assert (pend.answered, pend.evidenced, pend.zone) == (1, 0, "merah")
    findings = {f.code for f in ws.findings(a.id)}
    assert kes.findings == sum(1 for f in ws.findings(a.id) if f.code in {"10101", "20101"})
    assert "20101" in findings and pend.findings >= 1  # ketimpangan-opd at least
    out = json.loads(run(ws, "progress", "--json", "--today", "2026-07-01"))
    assert [(r["opd"], r["zone"], r["overdue"]) for r in out] == [
        ("Dinas Kesehatan", "kuning", 1), ("Dinas Pendidikan", "merah", 0)]
    text = run(ws, "progress", "--today", "2026-07-01")
    assert "Dinas Kesehatan: KUNING 50,0 %" in text and "terlambat: 10101" in text



def test_request_sheet_round_trip(coord, tmp_path):
    ws, a, k1, _ = coord
    ws.set_answer(a.id, "20101", level=2, explanation="Identifikasi sebagian")
    ws.link_evidence(a.id, "20101", "https://example.org/old", title="Lama")
    target = tmp_path / "kes.xlsx"
    run(ws, "export", "xlsx", "--opd", "dinas kesehatan", "-o", str(target))
    book = load_workbook(target)
    sheet = book["LKE EPSS"]
    header = [c.value for c in sheet[1]]
    rows = {str(r[3]): dict(zip(header, r, strict=True))
            for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"10101", "20101"}  # only the OPD's indicators
    assert rows["20101"]["Kegiatan"] == "Dinas Kesehatan — Survei Gizi"
    assert rows["20101"]["Kriteria tingkat saat ini"].startswith("Tingkat 2:")
    assert rows["20101"]["Kriteria tingkat berikutnya"].startswith("Tingkat 3:")
    assert "Tingkat 3:" in rows["20101"]["Bukti yang diharapkan"]
    assert rows["10101"]["PIC"] == "Budi" and rows["10101"]["Tenggat"] == "2026-06-30"
    assert book["Permintaan OPD"]["B2"].value == "Dinas Kesehatan"

    filled = tmp_path / "kes-terisi.xlsx"
    fill_lke(target, filled, {
        "20101": {"Tingkat terpilih": 3, "Penjelasan": "Prosedur baku untuk semua produsen",
                  "Bukti dukung": "Lama — https://example.org/old\n"
                                  "SOP — https://example.org/sop\nSK Tim (berkas: sk.pdf)"},
        "10101": {"Penjelasan": "Perwali standar data"},
    })
    out = run(ws, "import", "xlsx", str(filled), "--year", "2026")
    assert "2 usulan, 1 tautan baru" in out and "20101 SK Tim" in out
    answer = ws.answer(a.id, "20101")
    assert answer is not None and (answer.level, answer.explanation) == (
        2, "Identifikasi sebagian")  # nothing overwritten
    added = [x for x in ws.evidence(a.id, "20101") if x.url == "https://example.org/sop"]
    assert len(added) == 1 and added[0].kegiatan_id == k1.id  # the OPD's only share
    proposals = {p.indicator: p for p in ws.coordination.proposals(a.id)}
    assert (proposals["20101"].level, proposals["20101"].saved_level) == (3, 2)
    assert proposals["10101"].level is None and proposals["10101"].level_changed is False
    listed = json.loads(run(ws, "proposals", "--json"))
    assert [p["indicator"] for p in listed] == ["10101", "20101"]
    assert "tingkat: 2 -> 3" in run(ws, "proposals")

    run(ws, "proposals", "accept", "20101")
    answer = ws.answer(a.id, "20101")
    assert answer is not None and (answer.level, answer.explanation) == (
        3, "Prosedur baku untuk semua produsen")
    run(ws, "proposals", "reject", "10101")
    assert ws.answer(a.id, "10101") is None and ws.coordination.proposals(a.id) == []
    actions = [e.action for e in ws.store.events()]
    assert {"import_request", "accept_proposal", "reject_proposal"} <= set(actions)
    # the same sheet again: the accepted one agrees now, 10101 is proposed again
    out = run(ws, "import", "xlsx", str(filled), "--year", "2026")
    assert "1 usulan, 0 tautan baru" in out


def test_plain_worksheet_import_still_applies(coord, tmp_path):
    ws, a, *_ = coord
    target = tmp_path / "lke.xlsx"
    run(ws, "export", "xlsx", "-o", str(target))
    filled = tmp_path / "lke-terisi.xlsx"
    fill_lke(target, filled, {"10101": {"Tingkat terpilih": 2}})
    run(ws, "import", "xlsx", str(filled), "--year", "2026")
    answer = ws.answer(a.id, "10101")
    assert answer is not None and answer.level == 2
    assert ws.coordination.proposals(a.id) == []


@pytest.mark.parametrize(("args", "fragment"), [
    (["assign", "99999", "--opd", "X"], "99999"),
    (["assign", "10101"], "--opd"),
    (["assign", "10101", "--opd", "   "], "nama OPD"),
    (["assign", "10101", "--opd", "X", "--due", "30-06-2026"], "TTTT-BB-HH"),
    (["assign", "10101", "--opd", "X", "--due", "2026-02-30"], "tenggat"),
    (["assign", "10101", "--opd", "X", "--kegiatan", "999"], "kegiatan #999"),
    (["assign", "10101", "--clear", "--opd", "X"], "--clear"),
    (["assign", "30101", "--clear"], "belum ditugaskan"),
    (["assign", "10101", "--opd", "X", "--year", "2030"], "2030"),
    (["progress", "--today", "kemarin"], "tanggal acuan"),
    (["proposals", "accept", "10101"], "tidak ada usulan"),
    (["proposals", "reject", "abc"], "abc"),
    (["export", "xlsx", "--opd", "Dinas Sosial"], "Dinas Sosial"),
])
def test_refusals_change_nothing(coord, refused, args, fragment):
    ws, *_ = coord
    refused(ws, args, fragment)


def test_general_indicator_is_not_split_per_kegiatan(coord, refused):
    ws, a, k1, _ = coord
    general = next(i.code for i in ws.catalog.indicators if i.general)
    refused(ws, lambda: ws.coordination.assign(a.id, general, opd="X", kegiatan_id=k1.id),
            "indikator umum")


def test_request_sheet_refusals(coord, refused, tmp_path):
    ws, a, *_ = coord
    target = tmp_path / "kes.xlsx"
    ws.coordination.export_request(a.id, "Dinas Kesehatan", target)
    refused(ws, ["import", "xlsx", str(target), "--year", "2026", "--clear-blank"],
            "--clear-blank")
    ws.set_status(a.id, "final")
    refused(ws, lambda: ws.coordination.assign(a.id, "10201", opd="X"), "final")


def test_read_only_refuses_every_write(coord, monkeypatch, tmp_path):
    ws, a, *_ = coord
    ws.set_answer(a.id, "10101", level=2)
    target = tmp_path / "kes.xlsx"
    ws.coordination.export_request(a.id, "Dinas Kesehatan", target)
    fill_lke(target, tmp_path / "t.xlsx", {"10101": {"Tingkat terpilih": 4}})
    ws.import_xlsx(tmp_path / "t.xlsx", 2026)
    root = ws.root
    ws.close()
    monkeypatch.setattr(epss.services.workspace, "read_only_reason",
                        lambda where: f"folder {where} tidak bisa ditulis")
    with Workspace.open(root) as ro:
        c = ro.coordination
        for action in (lambda: c.assign(a.id, "10201", opd="X"),
                       lambda: c.clear(a.id, "10101"),
                       lambda: c.accept(a.id, "10101"),
                       lambda: c.reject(a.id, "10101")):
            with pytest.raises(ReadOnlyWorkspace):
                action()
        assert [p.indicator for p in c.proposals(a.id)] == ["10101"]  # reading still works
        assert c.progress(a.id, date(2026, 7, 1))


def test_request_sheet_of_another_year_is_refused(coord, refused, tmp_path):
    ws, a, *_ = coord
    ws.new_assessment(2024)
    target = tmp_path / "kes.xlsx"
    ws.coordination.export_request(a.id, "Dinas Kesehatan", target)
    refused(ws, ["import", "xlsx", str(target), "--year", "2024"], "tahun 2026, bukan 2024")


def test_cli_assign_clear_and_dry_run(coord, tmp_path):
    ws, a, k1, _ = coord
    out = run(ws, "assign", "20101", "--opd", "Bappeda", "--pic", "Sari", "--due", "2026-05-01",
              "--kegiatan", str(k1.id))
    assert "Bappeda, PIC Sari, tenggat 2026-05-01" in out
    assert "Bappeda" in run(ws, "assign", "20101", "--clear", "--kegiatan", str(k1.id))
    target = tmp_path / "pend.xlsx"
    run(ws, "export", "xlsx", "--opd", "Dinas Pendidikan", "-o", str(target))
    filled = tmp_path / "pend-terisi.xlsx"
    fill_lke(target, filled, {"20101": {"Tingkat terpilih": 2}})
    before = ws.store.events()
    out = run(ws, "import", "xlsx", str(filled), "--year", "2026", "--dry-run")
    assert "Uji coba" in out and "1 usulan" in out
    assert ws.coordination.proposals(a.id) == [] and ws.store.events() == before
    assert "Tidak ada usulan" in run(ws, "proposals")


def test_deleting_an_assessment_or_kegiatan_takes_its_assignments(coord):
    ws, a, k1, _ = coord
    ws.sampling.remove_kegiatan(k1.id)
    assert [(x.indicator, x.opd) for x in ws.coordination.assignments(a.id)] == [
        ("10101", "Dinas Kesehatan"), ("20101", "Dinas Pendidikan")]
    ws.delete_assessment(a.id)
    assert ws.store.assignments(a.id) == [] and ws.store.proposals(a.id) == []


def test_request_sheet_blank_cells_keep_and_formulas_are_bad_rows(coord, refused, tmp_path):
    ws, a, *_ = coord
    ws.set_answer(a.id, "20101", level=2, explanation="Tersimpan")
    target = tmp_path / "kes.xlsx"
    ws.coordination.export_request(a.id, "Dinas Kesehatan", target)
    blank = tmp_path / "kosong.xlsx"
    fill_lke(target, blank, {"20101": {"Tingkat terpilih": None, "Penjelasan": None}})
    out = run(ws, "import", "xlsx", str(blank), "--year", "2026")
    assert "0 usulan" in out and "Peringatan" not in out
    formula = tmp_path / "rumus.xlsx"
    fill_lke(target, formula, {"10101": {"Tingkat terpilih": "=1+2"}})
    refused(ws, ["import", "xlsx", str(formula), "--year", "2026"], "rumus")


def test_request_sheet_lists_only_the_opds_evidence(coord, tmp_path):
    ws, a, k1, k2 = coord
    mine = ws.link_evidence(a.id, "20101", "https://example.org/kes", title="Kes")
    ws.sampling.mark_evidence(mine.id, kegiatan_id=k1.id)
    theirs = ws.link_evidence(a.id, "20101", "https://example.org/pend", title="Pend")
    ws.sampling.mark_evidence(theirs.id, kegiatan_id=k2.id)
    ws.link_evidence(a.id, "20101", "https://example.org/umum", title="Umum")
    ws.link_evidence(a.id, "10101", "https://example.org/rahasia", title="Rahasia",
                     confidential=True)
    target = tmp_path / "kes.xlsx"
    ws.coordination.export_request(a.id, "Dinas Kesehatan", target)
    sheet = load_workbook(target)["LKE EPSS"]
    cells = {str(r[3]): r[9] or "" for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert "example.org/kes" in cells["20101"] and "example.org/umum" in cells["20101"]
    assert "example.org/pend" not in cells["20101"]
    assert "rahasia" not in cells["10101"]
