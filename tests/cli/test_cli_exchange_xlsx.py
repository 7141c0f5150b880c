"""`epss export xlsx`, `epss import xlsx` and `epss import lke-criteria`: what they print, their
exit codes, and that a refused command changes nothing."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from epss.cli import main
from epss.core.catalog import load_catalog
from epss.services.workspace import Workspace

CODES = load_catalog().codes
AGENCY = {"name": "Pemerintah Kota Contoh", "kind": "kota", "code": "9971"}
YEAR = 2024
DEFAULT_NAME = f"lke-{AGENCY['code']}-{YEAR}-mandiri.xlsx"
LEVELS = {code: i % 5 + 1 for i, code in enumerate(CODES)}
COL_CODE, COL_NAME, COL_LEVEL, COL_EVIDENCE = 4, 5, 8, 10


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A closed workspace: 38 answers, a link and a file in 2024."""
    base = tmp_path_factory.mktemp("cli-xlsx")
    ws = Workspace.create(base / "ws", actor="tester", **AGENCY)
    aid = ws.new_assessment(YEAR).id
    with ws.store.transaction():
        for code, level in LEVELS.items():
            ws.set_answer(aid, code, level=level, explanation=f"Penjelasan {code}\nbaris dua")
    ws.link_evidence(aid, CODES[0], "https://data.contoh.go.id/1", title="Portal data")
    path = base / "notula.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    ws.add_evidence(aid, CODES[1], path, title="Notula forum")
    ws.close()
    return base / "ws"


@pytest.fixture
def root(built, tmp_path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(built, target)
    return target


@pytest.fixture(scope="module")
def sheet(built, tmp_path_factory) -> Path:
    """The 2024 worksheet as epss exports it."""
    target = tmp_path_factory.mktemp("sheet") / DEFAULT_NAME
    with Workspace.open(built) as ws:
        ws.export_xlsx(ws.assessment(YEAR).id, target)
    return target


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["--workspace", str(root), *args])


def edited(source: Path, target: Path, change: Callable) -> Path:
    wb = openpyxl.load_workbook(source)
    change(wb.worksheets[0])
    wb.save(target)
    return target


def row_of(code: str) -> int:
    return CODES.index(code) + 2


# -- export xlsx ---------------------------------------------------------------------------------


def test_export_xlsx_default_path(root):
    result = run(root, "export", "xlsx")
    assert result.exit_code == 0, result.output
    target = root / "exports" / DEFAULT_NAME
    assert target.is_file()
    assert str(target) in result.output
    assert "Lembar kerja" in result.output
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["LKE EPSS", "Skor"]


def test_export_xlsx_to_a_named_file_and_a_folder(root, tmp_path):
    result = run(root, "export", "xlsx", "--year", str(YEAR), "-o", str(tmp_path / "isi.xlsx"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "isi.xlsx").is_file()
    folder = tmp_path / "keluar"
    folder.mkdir()
    result = run(root, "export", "xlsx", "--output", str(folder))
    assert result.exit_code == 0, result.output
    assert (folder / DEFAULT_NAME).is_file()


@pytest.mark.parametrize("name", ["isi.csv", "isi.xls", "isi"])
def test_export_xlsx_refuses_a_wrong_suffix(root, tmp_path, name):
    result = run(root, "export", "xlsx", "-o", str(tmp_path / name))
    assert result.exit_code != 0
    assert "harus berakhiran .xlsx" in result.stderr
    assert not (tmp_path / name).exists()


def test_export_xlsx_refuses_a_missing_folder(root, tmp_path):
    target = tmp_path / "tidak-ada" / "isi.xlsx"
    result = run(root, "export", "xlsx", "-o", str(target))
    assert result.exit_code != 0
    assert "folder tidak ada" in result.stderr
    assert not target.parent.exists()


def test_export_xlsx_of_a_missing_year(root, tmp_path):
    result = run(root, "export", "xlsx", "--year", "2030", "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2
    assert "2030" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_export_xlsx_confidential_only_when_asked(root, tmp_path):
    with Workspace.open(root, actor="tester") as ws:
        ws.link_evidence(ws.assessment(YEAR).id, CODES[2], "https://rahasia.contoh.go.id/x",
                         title="Rahasia", confidential=True)

    def evidence(path: Path) -> str:
        cell = openpyxl.load_workbook(path)["LKE EPSS"].cell(row_of(CODES[2]), COL_EVIDENCE)
        return cell.value or ""

    assert run(root, "export", "xlsx", "-o", str(tmp_path / "a.xlsx")).exit_code == 0
    assert "rahasia.contoh.go.id" not in evidence(tmp_path / "a.xlsx")
    result = run(root, "export", "xlsx", "--include-confidential", "-o", str(tmp_path / "b.xlsx"))
    assert result.exit_code == 0
    assert "rahasia.contoh.go.id" in evidence(tmp_path / "b.xlsx")


# -- import xlsx ---------------------------------------------------------------------------------


def _raise(code: str) -> Callable:
    def change(ws):
        ws.cell(row_of(code), COL_LEVEL).value = LEVELS[code] % 5 + 1
    return change


def test_import_xlsx_reports_what_changed(root, sheet, tmp_path):
    code = CODES[4]
    path = edited(sheet, tmp_path / "isi.xlsx", _raise(code))
    result = run(root, "import", "xlsx", str(path), "--year", str(YEAR))
    assert result.exit_code == 0, result.output
    assert "Diimpor" in result.output
    assert f"{len(CODES)} baris dibaca" in result.output
    assert "1 jawaban berubah" in result.output
    assert "0 tautan baru" in result.output
    assert f"Berubah: {code}" in result.output
    assert "1 berkas bukti disebut" in result.output
    assert "penilaian baru" not in result.output
    with Workspace.open(root) as ws:
        assert ws.answers(ws.assessment(YEAR).id)[code].level == LEVELS[code] % 5 + 1


def test_import_xlsx_into_a_new_year(root, sheet):
    result = run(root, "import", "xlsx", str(sheet), "--year", "2025", "--create")
    assert result.exit_code == 0, result.output
    assert "penilaian baru dibuat" in result.output
    assert f"{len(CODES)} jawaban berubah" in result.output
    assert "1 tautan baru" in result.output
    with Workspace.open(root) as ws:
        assert ws.levels(ws.assessment(2025).id) == LEVELS


def test_import_xlsx_same_file_changes_nothing(root, sheet):
    result = run(root, "import", "xlsx", str(sheet), "--year", str(YEAR))
    assert result.exit_code == 0, result.output
    assert "0 jawaban berubah, 0 tautan baru" in result.output
    assert "Berubah:" not in result.output


def test_import_xlsx_dry_run_changes_nothing(root, sheet, tmp_path, snapshot):
    path = edited(sheet, tmp_path / "isi.xlsx", _raise(CODES[4]))
    before = snapshot(root)
    result = run(root, "import", "xlsx", str(path), "--year", str(YEAR), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Uji coba" in result.output
    assert "Diimpor" not in result.output
    assert f"Berubah: {CODES[4]}" in result.output
    assert snapshot(root) == before

    result = run(root, "import", "xlsx", str(sheet), "--year", "2026", "--dry-run", "--create")
    assert result.exit_code == 0, result.output
    assert "(penilaian baru akan dibuat)" in result.output
    assert "penilaian baru dibuat" not in result.output
    assert snapshot(root) == before


def test_import_xlsx_bad_row_is_refused(root, sheet, tmp_path, snapshot):
    bad = CODES[7]

    def change(ws):
        _raise(CODES[4])(ws)
        ws.cell(row_of(bad), COL_LEVEL).value = "tiga"

    path = edited(sheet, tmp_path / "buruk.xlsx", change)
    before = snapshot(root)
    result = run(root, "import", "xlsx", str(path), "--year", str(YEAR))
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "baris" in result.stderr
    assert f"LKE EPSS, baris {row_of(bad)}" in result.stderr
    assert "--skip-bad-rows" in result.stderr
    assert "Diimpor" not in result.output
    assert snapshot(root) == before


def test_import_xlsx_skip_bad_rows(root, sheet, tmp_path):
    bad_level, bad_code = CODES[7], CODES[9]

    def change(ws):
        _raise(CODES[4])(ws)
        ws.cell(row_of(bad_level), COL_LEVEL).value = 7
        ws.cell(row_of(bad_code), COL_CODE).value = 99999

    path = edited(sheet, tmp_path / "buruk.xlsx", change)
    result = run(root, "import", "xlsx", str(path), "--year", str(YEAR), "--skip-bad-rows")
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("dilewati:")]
    assert len(skipped) == 2
    assert f"baris {row_of(bad_level)}" in skipped[0]
    assert f"baris {row_of(bad_code)}" in skipped[1] and "99999" in skipped[1]
    assert "dilewati" not in result.stdout
    assert "Diimpor" in result.stdout
    assert f"Berubah: {CODES[4]}" in result.stdout


@pytest.mark.parametrize("year", ["2021", "2101"])
def test_import_xlsx_year_out_of_range(root, sheet, year, snapshot):
    before = snapshot(root)
    result = run(root, "import", "xlsx", str(sheet), "--year", year)
    assert result.exit_code == 2
    assert "tahun" in result.stderr
    assert snapshot(root) == before


def test_import_xlsx_needs_a_year(root, sheet):
    result = run(root, "import", "xlsx", str(sheet))
    assert result.exit_code == 2
    assert "--year" in result.output + result.stderr


def test_import_xlsx_not_a_workbook(root, tmp_path, snapshot):
    path = tmp_path / "bukan.xlsx"
    path.write_text("KodeInd;Tingkat terpilih\n10101;3\n", encoding="utf-8")
    before = snapshot(root)
    result = run(root, "import", "xlsx", str(path), "--year", str(YEAR))
    assert result.exit_code == 2
    assert "bukan.xlsx" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert snapshot(root) == before


def test_import_xlsx_final_assessment_refused(root, sheet, tmp_path, snapshot):
    with Workspace.open(root, actor="tester") as ws:
        ws.set_status(ws.assessment(YEAR).id, "final")
    path = edited(sheet, tmp_path / "isi.xlsx", _raise(CODES[4]))
    before = snapshot(root)
    result = run(root, "import", "xlsx", str(path), "--year", str(YEAR))
    assert result.exit_code == 2
    assert "final" in result.stderr
    assert snapshot(root) == before


# -- import xlsx: nothing is lost silently ------------------------------------------------------


def _set_levels(changes: dict[str, object]) -> Callable:
    def change(ws):
        _raise(CODES[4])(ws)
        for code, value in changes.items():
            ws.cell(row_of(code), COL_LEVEL).value = value
    return change


@pytest.mark.parametrize("value", [None, "=1+2"])
def test_import_xlsx_empty_level_is_refused(root, sheet, tmp_path, value, snapshot):
    emptied = CODES[7]
    path = edited(sheet, tmp_path / "kosong.xlsx", _set_levels({emptied: value}))
    before = snapshot(root)
    for extra in ((), ("--dry-run",)):
        result = run(root, "import", "xlsx", str(path), "--year", str(YEAR), *extra)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("epss: error:")
        assert f"LKE EPSS, baris {row_of(emptied)}, kolom Tingkat terpilih" in result.stderr
        assert "--clear-blank" in result.stderr
        assert "Traceback" not in result.output
        assert result.stdout == ""
        assert snapshot(root) == before


def test_import_xlsx_clear_blank_clears_and_lists(root, sheet, tmp_path):
    blank, formula = CODES[7], CODES[9]
    path = edited(sheet, tmp_path / "kosong.xlsx", _set_levels({blank: None, formula: "=1+2"}))
    result = run(root, "import", "xlsx", str(path), "--year", str(YEAR), "--clear-blank")
    assert result.exit_code == 0, result.output
    [line] = [x for x in result.stdout.splitlines() if "dikosongkan" in x]
    assert f"{blank} (sebelumnya {LEVELS[blank]})" in line
    assert f"{formula} (sebelumnya {LEVELS[formula]})" in line
    assert "3 jawaban berubah" in result.stdout
    with Workspace.open(root) as ws:
        answers = ws.answers(ws.assessment(YEAR).id)
        assert (answers[blank].level, answers[formula].level) == (None, None)
        assert answers[CODES[4]].level == LEVELS[CODES[4]] % 5 + 1


def test_import_xlsx_dry_run_lists_what_would_be_cleared(root, sheet, tmp_path, snapshot):
    blank = CODES[7]
    path = edited(sheet, tmp_path / "kosong.xlsx", _set_levels({blank: None}))
    before = snapshot(root)
    result = run(root, "import", "xlsx", str(path), "--year", str(YEAR), "--clear-blank",
                 "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Uji coba" in result.stdout
    [line] = [x for x in result.stdout.splitlines() if "dikosongkan" in x]
    assert f"{blank} (sebelumnya {LEVELS[blank]})" in line
    assert f"Berubah: {CODES[4]}, {blank}" in result.stdout
    assert snapshot(root) == before


def test_import_xlsx_absent_rows_are_warned_and_kept(root, sheet, tmp_path, snapshot):
    absent = (CODES[0], CODES[1], CODES[30])

    def change(ws):
        _raise(CODES[4])(ws)
        for code in sorted(absent, key=row_of, reverse=True):
            ws.delete_rows(row_of(code))

    path = edited(sheet, tmp_path / "sebagian.xlsx", change)
    catalog = load_catalog()
    before = snapshot(root)
    for extra in (("--dry-run",), ()):
        result = run(root, "import", "xlsx", str(path), "--year", str(YEAR), *extra)
        assert result.exit_code == 0, result.output
        assert f"{len(absent)} indikator tidak ada di lembar kerja" in result.stdout
        lines = result.stdout.splitlines()
        for code in absent:
            assert f"  {code} {catalog.indicator(code).name}" in lines
        assert f"Berubah: {CODES[4]}" in result.stdout
        if extra:
            assert snapshot(root) == before
    with Workspace.open(root) as ws:
        aid = ws.assessment(YEAR).id
        assert {c: ws.levels(aid)[c] for c in absent} == {c: LEVELS[c] for c in absent}
        assert any(a.url for a in ws.evidence(aid) if a.indicator == CODES[0])


@pytest.mark.parametrize(("year", "kind"), [("2030", "mandiri"), (str(YEAR), "badan")])
def test_import_xlsx_year_without_assessment_needs_create(root, sheet, year, kind, snapshot):
    before = snapshot(root)
    for extra in ((), ("--dry-run",)):
        result = run(root, "import", "xlsx", str(sheet), "--year", year, "--kind", kind, *extra)
        assert result.exit_code == 2, result.output
        assert result.stderr == (f"epss: error: belum ada penilaian {kind} {year}; "
                                 "tambahkan --create untuk membuatnya\n")
        assert result.stdout == ""
        assert snapshot(root) == before
    result = run(root, "import", "xlsx", str(sheet), "--year", year, "--kind", kind, "--create")
    assert result.exit_code == 0, result.output
    assert "penilaian baru dibuat" in result.stdout
    with Workspace.open(root) as ws:
        assert ws.levels(ws.assessment(int(year), kind).id) == LEVELS


COL_EXPLANATION = 9
KEPT = "penjelasan kosong di lembar kerja; penjelasan tersimpan dipertahankan"


def _set_explanations(changes: dict[str, object]) -> Callable:
    def change(ws):
        _raise(CODES[4])(ws)
        for code, value in changes.items():
            ws.cell(row_of(code), COL_EXPLANATION).value = value
    return change


def _explanation_of(root: Path, code: str) -> str:
    with Workspace.open(root) as ws:
        return ws.answers(ws.assessment(YEAR).id)[code].explanation


def test_import_xlsx_blank_explanation_is_kept_and_warned(root, sheet, tmp_path, snapshot):
    blank = CODES[7]
    saved = _explanation_of(root, blank)
    path = edited(sheet, tmp_path / "kosong.xlsx", _set_explanations({blank: None}))
    before = snapshot(root)
    for extra in (("--dry-run",), ()):
        result = run(root, "import", "xlsx", str(path), "--year", str(YEAR), *extra)
        assert result.exit_code == 0, result.output
        assert (f"Peringatan: LKE EPSS, baris {row_of(blank)}, kolom Penjelasan: {KEPT}"
                in result.stdout.splitlines())
        assert "--clear-blank" in result.stdout
        assert f"Berubah: {CODES[4]}\n" in result.stdout
        assert "dikosongkan (--clear-blank):" not in result.stdout  # nothing cleared
        if extra:
            assert snapshot(root) == before
    assert _explanation_of(root, blank) == saved


def test_import_xlsx_formula_explanation_is_refused(root, sheet, tmp_path, snapshot):
    code = CODES[7]
    path = edited(sheet, tmp_path / "rumus.xlsx", _set_explanations({code: "=A1"}))
    before = snapshot(root)
    for extra in ((), ("--dry-run",)):
        result = run(root, "import", "xlsx", str(path), "--year", str(YEAR), *extra)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("epss: error:")
        assert f"LKE EPSS, baris {row_of(code)}, kolom Penjelasan" in result.stderr
        assert "rumus" in result.stderr and "--clear-blank" in result.stderr
        assert "Traceback" not in result.output
        assert result.stdout == ""
        assert snapshot(root) == before


def test_import_xlsx_clear_blank_clears_and_lists_explanations(root, sheet, tmp_path, snapshot):
    blank, formula = CODES[7], CODES[9]
    path = edited(sheet, tmp_path / "kosong.xlsx",
                  _set_explanations({blank: None, formula: "=A1"}))
    before = snapshot(root)
    for extra, verb in ((("--dry-run",), "akan dikosongkan"), ((), "dikosongkan")):
        result = run(root, "import", "xlsx", str(path), "--year", str(YEAR), "--clear-blank",
                     *extra)
        assert result.exit_code == 0, result.output
        assert f"Penjelasan {verb} (--clear-blank): {blank}, {formula}" \
            in result.stdout.splitlines()
        assert "3 jawaban berubah" in result.stdout
        assert "Peringatan" not in result.stdout
        assert f"Tingkat {verb}" not in result.stdout  # no level was cleared
        if extra:
            assert snapshot(root) == before
    with Workspace.open(root) as ws:
        answers = ws.answers(ws.assessment(YEAR).id)
        assert (answers[blank].explanation, answers[formula].explanation) == ("", "")
        assert (answers[blank].level, answers[formula].level) == (LEVELS[blank], LEVELS[formula])


# -- import lke-criteria -------------------------------------------------------------------------


def test_import_lke_criteria_and_clear(root, lke_worksheet):
    result = run(root, "import", "lke-criteria", str(lke_worksheet))
    assert result.exit_code == 0, result.output
    assert f"Teks {len(CODES)} indikator" in result.output
    assert lke_worksheet.name in result.output
    assert "Tidak ada di berkas" not in result.output
    with Workspace.open(root) as ws:
        assert ws.criteria_source()["source"] == lke_worksheet.name

    result = run(root, "import", "lke-criteria", "--clear")
    assert result.exit_code == 0, result.output
    assert f"Teks katalog epss dipakai lagi ({len(CODES)} indikator" in result.output
    with Workspace.open(root) as ws:
        assert ws.criteria_source() is None

    result = run(root, "import", "lke-criteria", "--clear")
    assert result.exit_code == 0, result.output
    assert "sudah dipakai" in result.output


def test_import_lke_criteria_reports_missing_extra_and_renamed(root, sheet, tmp_path):
    """Our own export carries the criteria too; edited like a newer edition of the LKE."""
    dropped = CODES[-1]

    def change(ws):
        ws.cell(row_of(CODES[0]), COL_NAME).value = "Nama baru indikator"
        extra = row_of(dropped)
        ws.cell(extra, COL_CODE).value = 60101  # the last indicator becomes an unknown one

    path = edited(sheet, tmp_path / "lke-baru.xlsx", change)
    result = run(root, "import", "lke-criteria", str(path))
    assert result.exit_code == 0, result.output
    assert f"Teks {len(CODES) - 1} indikator dari lke-baru.xlsx" in result.output
    assert f"Tidak ada di berkas (tetap memakai teks epss): {dropped}" in result.output
    assert "Tidak dikenal katalog (diabaikan): 60101" in result.output
    assert f"Nama berbeda {CODES[0]}:" in result.output
    assert "'Nama baru indikator'" in result.output


def test_import_lke_criteria_needs_file_or_clear(root, sheet):
    result = run(root, "import", "lke-criteria")
    assert result.exit_code != 0
    assert "BERKAS.xlsx atau --clear" in result.stderr
    result = run(root, "import", "lke-criteria", str(sheet), "--clear")
    assert result.exit_code != 0
    assert "BERKAS.xlsx atau --clear" in result.stderr


def test_import_lke_criteria_bad_file_changes_nothing(root, sheet, tmp_path, snapshot):
    path = edited(sheet, tmp_path / "rusak.xlsx", lambda ws: setattr(
        ws.cell(row_of(CODES[3]), 7), "value", "1. a\n2. b\n3. c\n4. d"))
    before = snapshot(root)
    result = run(root, "import", "lke-criteria", str(path))
    assert result.exit_code == 2
    assert f"baris {row_of(CODES[3])}" in result.stderr
    assert "tidak diimpor" in result.stderr
    assert snapshot(root) == before

    text = tmp_path / "teks.xlsx"
    text.write_text("bukan xlsx", encoding="utf-8")
    result = run(root, "import", "lke-criteria", str(text))
    assert result.exit_code == 2
    assert "teks.xlsx" in result.stderr
    assert snapshot(root) == before


def test_import_lke_criteria_empty_description_is_a_clear_error(root, sheet, tmp_path, snapshot):
    path = edited(sheet, tmp_path / "kosong.xlsx", lambda ws: setattr(
        ws.cell(row_of(CODES[3]), 6), "value", None))
    before = snapshot(root)
    result = run(root, "import", "lke-criteria", str(path))
    assert result.exit_code in (0, 2)
    if result.exit_code == 2:
        assert "epss: error" in result.stderr
        assert snapshot(root) == before
