"""Importing a filled-in worksheet (LKE xlsx) into a workspace: the sheet is authoritative for
levels and explanations, links are only added, a bad row refuses the whole file (or is skipped
knowingly), and a refused import leaves the database exactly as it was."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from epss.core.catalog import load_catalog
from epss.services.exchange.worksheet import SHEET_LKE, read_worksheet
from epss.services.workspace import Workspace, WorkspaceError

CATALOG = load_catalog()
CODES = CATALOG.codes
AGENCY = {"name": "Pemerintah Kota Contoh", "kind": "kota", "code": "9971"}
YEAR = 2024

EXPLANATIONS = (
    "Baris satu\nbaris dua\n\n  baris empat berindentasi",
    "Unikode: Rp 1.000 • ½ • 数据 • 🙂 • ‘kutip’ — selesai",
    "=SUM(A1)",
    "Penjelasan biasa untuk indikator ini.",
    "  spasi di depan dan di belakang  ",
)
# 34 indicators answered with a level, 2 with only an explanation, 2 with no answer at all
LEVELLED = CODES[:34]
EXPLAINED_ONLY = CODES[34:36]
UNANSWERED = CODES[36:]
SOURCE_LEVELS = {code: i % 5 + 1 for i, code in enumerate(LEVELLED)}
LINKS = (  # (code, title, url, confidential)
    (CODES[0], "Portal data", "https://data.contoh.go.id/dataset/1", False),
    (CODES[0], "SK — 2024", "https://contoh.go.id/sk?id=2&x=1", False),
    (CODES[5], "Server lokal", "http://192.168.1.10:8080/x", False),
    (EXPLAINED_ONLY[0], "Folder bukti", "https://drive.google.com/drive/folders/abc", False),
    (UNANSWERED[0], "Tautan tanpa jawaban", "https://contoh.go.id/tanpa-jawaban", False),
    (CODES[1], "Rahasia", "https://rahasia.contoh.go.id/x", True),
)
FILES = (  # (code, title, name, confidential)
    (CODES[2], "Notula forum 2024", "notula.csv", False),
    (CODES[3], "Rekap metadata", "rekap.csv", False),
    (CODES[4], "Daftar pegawai", "pegawai.csv", True),
)
PUBLIC_LINKS = {(code, title, url) for code, title, url, secret in LINKS if not secret}
PUBLIC_FILES = sum(1 for *_, secret in FILES if not secret)

COL_CODE, COL_LEVEL, COL_EXPLANATION, COL_EVIDENCE = 4, 8, 9, 10


def _explanation(i: int) -> str:
    return f"{EXPLANATIONS[i % len(EXPLANATIONS)]} [{i}]"


def _create(root: Path) -> Workspace:
    return Workspace.create(root, actor="tester", **AGENCY)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A closed source workspace, its 2024 export (public) and its export with secrets."""
    base = tmp_path_factory.mktemp("source")
    ws = _create(base / "ws")
    aid = ws.new_assessment(YEAR).id
    with ws.store.transaction():
        for i, code in enumerate(LEVELLED + EXPLAINED_ONLY):
            ws.set_answer(aid, code, level=SOURCE_LEVELS.get(code), explanation=_explanation(i))
    for code, title, url, secret in LINKS:
        ws.link_evidence(aid, code, url, title=title, confidential=secret)
    for code, title, name, secret in FILES:
        path = base / name
        path.write_text("a,b\n1,2\n", encoding="utf-8")
        ws.add_evidence(aid, code, path, title=title, confidential=secret)
    exported = ws.export_xlsx(aid, base / "lke.xlsx")
    secret = ws.export_xlsx(aid, base / "lke-rahasia.xlsx", include_confidential=True)
    ws.close()
    return base / "ws", exported, secret


@pytest.fixture
def source(built, tmp_path) -> Iterator[Workspace]:
    """A private copy of the source workspace (tests may change it)."""
    root = tmp_path / "copy"
    shutil.copytree(built[0], root)
    ws = Workspace.open(root, actor="tester")
    yield ws
    ws.close()


@pytest.fixture
def fresh(tmp_path) -> Iterator[Workspace]:
    ws = _create(tmp_path / "fresh")
    yield ws
    ws.close()


@pytest.fixture
def sheet(built) -> Path:
    return built[1]


def levels_and_explanations(ws: Workspace, aid: int) -> dict[str, tuple[int | None, str]]:
    return {c: (a.level, a.explanation) for c, a in ws.answers(aid).items()}


def links(ws: Workspace, aid: int) -> set[tuple[str, str, str]]:
    return {(a.indicator, a.title, a.url) for a in ws.evidence(aid) if a.url}


def row_of(code: str) -> int:
    return CODES.index(code) + 2


def edited(source: Path, target: Path, change: Callable) -> Path:
    """A copy of the worksheet as an OPD would send it back after editing it in Excel."""
    wb = openpyxl.load_workbook(source)
    change(wb[SHEET_LKE])
    wb.save(target)
    return target


def import_events(ws: Workspace) -> list:
    return [e for e in ws.store.events() if e.action == "import_xlsx"]


# -- the round trip ---------------------------------------------------------------------------


def test_export_rows_follow_catalog_order(sheet):
    ws = openpyxl.load_workbook(sheet)[SHEET_LKE]
    assert [str(ws.cell(row_of(c), COL_CODE).value) for c in CODES] == list(CODES)


def test_round_trip_into_fresh_workspace(built, fresh, sheet):
    src = Workspace.open(built[0], actor="tester")
    try:
        src_aid = src.assessment(YEAR).id
        expected = levels_and_explanations(src, src_aid)
        expected_links = {(a.indicator, a.title, a.url) for a in src.evidence(src_aid)
                          if a.url and not a.confidential}
    finally:
        src.close()
    assert expected_links == PUBLIC_LINKS

    result = fresh.import_xlsx(sheet, YEAR, create=True)

    assert result.created is True
    assert result.label == f"Penilaian mandiri {YEAR}"
    assert result.rows == len(CODES)
    assert set(result.changed) == set(LEVELLED + EXPLAINED_ONLY)
    assert result.links_added == len(PUBLIC_LINKS)
    assert result.file_titles == PUBLIC_FILES
    assert result.skipped == ()
    aid = fresh.assessment(YEAR).id
    assert levels_and_explanations(fresh, aid) == expected
    assert links(fresh, aid) == PUBLIC_LINKS
    assert not any(a.blob_sha for a in fresh.evidence(aid))  # files cannot travel in a sheet
    assert not any(a.carried_over for a in fresh.answers(aid).values())
    assert len(import_events(fresh)) == 1
    assert fresh.doctor() == []


def test_reimport_is_a_no_op_apart_from_one_event(fresh, sheet):
    fresh.import_xlsx(sheet, YEAR, create=True)
    aid = fresh.assessment(YEAR).id
    answers = fresh.answers(aid)
    attachments = fresh.evidence(aid)
    assessment = fresh.get_assessment(aid)
    events = fresh.store.events()

    again = fresh.import_xlsx(sheet, YEAR)

    assert again.created is False
    assert again.changed == ()
    assert again.links_added == 0
    assert fresh.answers(aid) == answers  # updated_at included: no row was rewritten
    assert fresh.evidence(aid) == attachments
    assert fresh.get_assessment(aid).updated_at == assessment.updated_at
    after = fresh.store.events()
    assert len(after) == len(events) + 1
    assert after[-1].action == "import_xlsx"
    assert fresh.doctor() == []


def test_import_into_the_source_changes_nothing(source, sheet, snapshot):
    aid = source.assessment(YEAR).id
    before = snapshot(source)

    result = source.import_xlsx(sheet, YEAR)

    assert (result.created, result.changed, result.links_added) == (False, (), 0)
    after = snapshot(source)
    logged, earlier = after["tables"].pop("event"), before["tables"].pop("event")
    assert len(logged) == len(earlier) + 1  # the import itself is logged
    assert after == before
    assert source.get_assessment(aid).status == "draft"


def test_export_leaves_confidential_links_out_unless_asked(built):
    _, public, secret = built
    secret_url = next(url for _, _, url, s in LINKS if s)

    def urls(path: Path) -> set[str]:
        read = read_worksheet(path, CATALOG)
        return {link.url for a in read.answers.values() for link in a.links}

    assert secret_url not in urls(public)
    assert secret_url in urls(secret)
    assert {url for _, _, url in PUBLIC_LINKS} <= urls(public)


def test_confidential_link_imported_from_a_full_export(fresh, built):
    result = fresh.import_xlsx(built[2], YEAR, create=True)
    assert result.links_added == len(LINKS)
    assert result.file_titles == len(FILES)


# -- the sheet is authoritative -----------------------------------------------------------------


def test_edits_in_the_sheet_are_taken_and_clear_the_carried_over_mark(source, tmp_path):
    aid = source.new_assessment(2025, from_year=YEAR).id
    assert all(a.carried_over for a in source.answers(aid).values())
    exported = source.export_xlsx(aid, tmp_path / "lke-2025.xlsx")
    raised, cleared, reworded = LEVELLED[0], LEVELLED[1], LEVELLED[2]
    new_level = SOURCE_LEVELS[raised] % 5 + 1

    def change(ws):
        ws.cell(row_of(raised), COL_LEVEL).value = new_level
        ws.cell(row_of(cleared), COL_LEVEL).value = None
        ws.cell(row_of(reworded), COL_EXPLANATION).value = "Penjelasan baru\ndua baris"

    before = source.answers(aid)
    result = source.import_xlsx(edited(exported, tmp_path / "isi.xlsx", change), 2025,
                                clear_blank=True)

    assert result.created is False
    assert set(result.changed) == {raised, cleared, reworded}
    assert result.cleared == ((cleared, SOURCE_LEVELS[cleared]),)
    assert len(result.changed) == 3
    after = source.answers(aid)
    assert after[raised].level == new_level
    assert after[raised].explanation == before[raised].explanation
    assert after[cleared].level is None
    assert after[cleared].explanation == before[cleared].explanation
    assert after[reworded].explanation == "Penjelasan baru\ndua baris"
    assert after[reworded].level == before[reworded].level
    for code, answer in after.items():
        assert answer.carried_over is (code not in result.changed), code
    # the previous year is untouched
    assert source.answers(source.assessment(YEAR).id)[raised].level == SOURCE_LEVELS[raised]
    event = import_events(source)[-1]
    assert event.entity_id == str(aid)


def test_sheet_without_explanation_column_keeps_explanations(source, sheet, tmp_path):
    aid = source.assessment(YEAR).id
    before = source.answers(aid)
    code = LEVELLED[5]
    new_level = SOURCE_LEVELS[code] % 5 + 1

    def change(ws):
        ws.cell(row_of(code), COL_LEVEL).value = new_level
        ws.delete_cols(COL_EXPLANATION)

    result = source.import_xlsx(edited(sheet, tmp_path / "tanpa.xlsx", change), YEAR)

    assert result.changed == (code,)
    after = source.answers(aid)
    assert after[code].level == new_level
    assert {c: a.explanation for c, a in after.items()} == \
        {c: a.explanation for c, a in before.items()}
    assert result.links_added == 0  # the evidence column moved left and is still read


def test_sheet_without_explanation_column_into_fresh_workspace(fresh, sheet, tmp_path):
    path = edited(sheet, tmp_path / "tanpa.xlsx", lambda ws: ws.delete_cols(COL_EXPLANATION))
    result = fresh.import_xlsx(path, YEAR, create=True)
    aid = fresh.assessment(YEAR).id
    assert set(result.changed) == set(LEVELLED)
    assert {c: a.level for c, a in fresh.answers(aid).items()} == SOURCE_LEVELS
    assert all(a.explanation == "" for a in fresh.answers(aid).values())


def test_rows_absent_from_the_sheet_keep_their_answers(source, sheet, tmp_path):
    aid = source.assessment(YEAR).id
    before = source.answers(aid)
    kept = CODES[:10]

    def change(ws):
        ws.delete_rows(2, len(kept))  # the first ten indicators are no longer in the sheet
        ws.cell(2, COL_LEVEL).value = None  # now the row of CODES[10]

    result = source.import_xlsx(edited(sheet, tmp_path / "sebagian.xlsx", change), YEAR,
                                clear_blank=True)
    assert result.rows == len(CODES) - len(kept)
    assert result.changed == (CODES[10],)
    assert [code for code, _ in result.missing] == list(kept)
    after = source.answers(aid)
    assert {c: after[c] for c in kept} == {c: before[c] for c in kept}
    assert after[CODES[10]].level is None


# -- links are only added -------------------------------------------------------------------------


def test_links_are_additive(source, sheet, tmp_path):
    aid = source.assessment(YEAR).id
    before = links(source, aid)
    target = CODES[10]

    def change(ws):
        ws.cell(row_of(CODES[0]), COL_EVIDENCE).value = None  # both links of CODES[0] removed
        ws.cell(row_of(target), COL_EVIDENCE).value = "Judul baru — https://contoh.go.id/x"

    result = source.import_xlsx(edited(sheet, tmp_path / "tautan.xlsx", change), YEAR)

    assert result.changed == ()
    assert result.links_added == 1
    assert links(source, aid) == before | {(target, "Judul baru", "https://contoh.go.id/x")}
    assert {(c, t, u) for c, t, u in before if c == CODES[0]} <= links(source, aid)


def test_link_already_present_is_not_added_twice(source, sheet, tmp_path):
    aid = source.assessment(YEAR).id
    code, _, url, _ = LINKS[0]

    def change(ws):
        cell = ws.cell(row_of(code), COL_EVIDENCE)
        cell.value = f"{cell.value}\nJudul lain untuk tautan yang sama — {url}"

    count = len(source.evidence(aid))
    result = source.import_xlsx(edited(sheet, tmp_path / "dua.xlsx", change), YEAR)
    assert result.links_added == 0
    assert len(source.evidence(aid)) == count


@pytest.mark.parametrize("line", [
    "Unduh — ftp://contoh.go.id/berkas.zip",
    "Portal — https://",
    "Portal — https://contoh go.id/x",
    "Portal — http://bad_host!/x",
])
def test_bad_link_refuses_the_import(source, sheet, tmp_path, line, snapshot):
    code = CODES[10]

    def change(ws):
        ws.cell(row_of(CODES[11]), COL_LEVEL).value = 5  # a good change that must not happen
        ws.cell(row_of(code), COL_EVIDENCE).value = line

    path = edited(sheet, tmp_path / "tautan.xlsx", change)
    before = snapshot(source)
    with pytest.raises(WorkspaceError) as info:
        source.import_xlsx(path, YEAR)
    message = str(info.value)
    assert f"baris {row_of(code)}" in message
    assert SHEET_LKE in message
    assert snapshot(source) == before


@pytest.mark.parametrize("line", [
    "x — javascript:alert(1)",
    "Portal — www.contoh.go.id/dataset",
])
def test_unreadable_link_line_is_reported(source, sheet, tmp_path, line, snapshot):
    code = CODES[10]
    path = edited(sheet, tmp_path / "tautan.xlsx",
                  lambda ws: setattr(ws.cell(row_of(code), COL_EVIDENCE), "value", line))
    before = snapshot(source)
    with pytest.raises(WorkspaceError, match=f"baris {row_of(code)}"):
        source.import_xlsx(path, YEAR)
    assert snapshot(source) == before


def test_javascript_link_line_never_becomes_a_link(source, sheet, tmp_path):
    """Whatever happens to the line, no javascript: url is stored."""
    code = CODES[10]
    path = edited(sheet, tmp_path / "js.xlsx", lambda ws: setattr(
        ws.cell(row_of(code), COL_EVIDENCE), "value", "x — javascript:alert(1)"))
    aid = source.assessment(YEAR).id
    with contextlib.suppress(WorkspaceError):
        source.import_xlsx(path, YEAR)
    assert not any("javascript" in (a.url or "") for a in source.evidence(aid))


def test_overlong_link_title_refuses_the_import(source, sheet, tmp_path, snapshot):
    code = CODES[10]
    line = "J" * 400 + " — https://contoh.go.id/panjang"
    path = edited(sheet, tmp_path / "judul.xlsx", lambda ws: setattr(
        ws.cell(row_of(code), COL_EVIDENCE), "value", line))
    before = snapshot(source)
    with pytest.raises(WorkspaceError, match=f"baris {row_of(code)}"):
        source.import_xlsx(path, YEAR)
    assert snapshot(source) == before


# -- bad rows -------------------------------------------------------------------------------------

BAD_ROW = LEVELLED[7]
GOOD_CHANGE = LEVELLED[8]


def _unknown_code(ws):
    ws.cell(row_of(BAD_ROW), COL_CODE).value = 99999


def _level(value):
    def change(ws):
        ws.cell(row_of(BAD_ROW), COL_LEVEL).value = value
    return change


def _merged(ws):
    ws.merge_cells(start_row=row_of(BAD_ROW), end_row=row_of(BAD_ROW),
                   start_column=COL_LEVEL, end_column=COL_EXPLANATION)


def _bad_code_text(ws):
    ws.cell(row_of(BAD_ROW), COL_CODE).value = "1O1O1"


def _duplicate_code(ws):
    ws.cell(row_of(BAD_ROW), COL_CODE).value = int(CODES[0])


BAD_ROWS = {
    "unknown code": (_unknown_code, "99999"),
    "level 0": (_level(0), "1-5"),
    "level 6": (_level(6), "1-5"),
    "level 2.5": (_level(2.5), "1-5"),
    "level text": (_level("tiga"), "tiga"),
    "merged cells": (_merged, "gabungan"),
    "code not a number": (_bad_code_text, "lima digit"),
    "duplicate code": (_duplicate_code, "sudah ada"),
}


def _with_good_change(change):
    def both(ws):
        ws.cell(row_of(GOOD_CHANGE), COL_LEVEL).value = SOURCE_LEVELS[GOOD_CHANGE] % 5 + 1
        change(ws)
    return both


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_refuses_everything(source, sheet, tmp_path, case, snapshot):
    change, fragment = BAD_ROWS[case]
    path = edited(sheet, tmp_path / "buruk.xlsx", _with_good_change(change))
    before = snapshot(source)
    with pytest.raises(WorkspaceError) as info:
        source.import_xlsx(path, YEAR)
    message = str(info.value)
    assert f"{SHEET_LKE}, baris {row_of(BAD_ROW)}" in message
    assert fragment in message
    assert "--skip-bad-rows" in message
    assert snapshot(source) == before


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_refused_for_a_new_year_creates_nothing(fresh, sheet, tmp_path, case, snapshot):
    change, _ = BAD_ROWS[case]
    path = edited(sheet, tmp_path / "buruk.xlsx", change)
    before = snapshot(fresh)
    with pytest.raises(WorkspaceError, match=f"baris {row_of(BAD_ROW)}"):
        fresh.import_xlsx(path, YEAR, create=True)
    assert snapshot(fresh) == before
    assert fresh.assessments() == []


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_skip_bad_rows_imports_the_good_ones(source, sheet, tmp_path, case):
    change, _ = BAD_ROWS[case]
    aid = source.assessment(YEAR).id
    before = source.answers(aid)
    path = edited(sheet, tmp_path / "buruk.xlsx", _with_good_change(change))

    result = source.import_xlsx(path, YEAR, skip_bad_rows=True)

    assert [p.row for p in result.skipped] == [row_of(BAD_ROW)]
    assert all(p.sheet == SHEET_LKE for p in result.skipped)
    assert result.changed == (GOOD_CHANGE,)
    after = source.answers(aid)
    assert after[GOOD_CHANGE].level == SOURCE_LEVELS[GOOD_CHANGE] % 5 + 1
    assert after[BAD_ROW] == before[BAD_ROW]
    assert json.loads(import_events(source)[-1].data)["skipped_rows"] == [row_of(BAD_ROW)]


def test_cells_merged_across_rows_skip_every_row_they_touch(source, sheet, tmp_path):
    first, second = row_of(BAD_ROW), row_of(BAD_ROW) + 1
    aid = source.assessment(YEAR).id
    before = source.answers(aid)

    def change(ws):
        ws.cell(row_of(LEVELLED[0]), COL_LEVEL).value = SOURCE_LEVELS[LEVELLED[0]] % 5 + 1
        ws.cell(second, COL_LEVEL).value = 5
        ws.merge_cells(start_row=first, end_row=second, start_column=COL_LEVEL,
                       end_column=COL_LEVEL)

    path = edited(sheet, tmp_path / "gabung.xlsx", change)
    with pytest.raises(WorkspaceError, match=f"H{first}:H{second}"):
        source.import_xlsx(path, YEAR)
    result = source.import_xlsx(path, YEAR, skip_bad_rows=True)
    assert [p.row for p in result.skipped] == [first]
    assert f"H{first}:H{second}" in str(result.skipped[0])
    assert result.changed == (LEVELLED[0],)
    after = source.answers(aid)
    assert after[BAD_ROW] == before[BAD_ROW]
    assert after[CODES[second - 2]] == before[CODES[second - 2]]


def test_missing_level_header_names_sheet_and_row(source, sheet, tmp_path, snapshot):
    path = edited(sheet, tmp_path / "kepala.xlsx",
                  lambda ws: setattr(ws.cell(1, COL_LEVEL), "value", "Tingkat"))
    before = snapshot(source)
    for skip in (False, True):  # no good row at all: refused even with skip_bad_rows
        with pytest.raises(WorkspaceError) as info:
            source.import_xlsx(path, YEAR, skip_bad_rows=skip)
        message = str(info.value)
        assert f"{SHEET_LKE}, baris 1" in message
        assert '"Tingkat terpilih"' in message
        assert snapshot(source) == before
    assert "tidak ada baris yang baik" in message


def test_skip_bad_rows_with_only_bad_rows_is_refused(fresh, sheet, tmp_path, snapshot):
    def change(ws):
        ws.delete_rows(3, len(CODES))  # keep the header and the first indicator
        ws.cell(2, COL_LEVEL).value = "tiga"

    path = edited(sheet, tmp_path / "satu.xlsx", change)
    before = snapshot(fresh)
    with pytest.raises(WorkspaceError, match="baris 2") as info:
        fresh.import_xlsx(path, YEAR, skip_bad_rows=True, create=True)
    assert "tidak ada baris yang baik" in str(info.value)
    assert snapshot(fresh) == before


def test_problems_are_listed_in_row_order(source, sheet, tmp_path):
    rows = [row_of(c) for c in (LEVELLED[20], LEVELLED[3], LEVELLED[12])]

    def change(ws):
        for row in rows:
            ws.cell(row, COL_LEVEL).value = 9

    path = edited(sheet, tmp_path / "tiga.xlsx", change)
    with pytest.raises(WorkspaceError) as info:
        source.import_xlsx(path, YEAR)
    message = str(info.value)
    assert "3 masalah" in message
    positions = [message.index(f"baris {r},") for r in sorted(rows)]
    assert positions == sorted(positions)


# -- what may not be imported at all -------------------------------------------------------------


def test_final_assessment_is_refused(source, sheet, tmp_path, snapshot):
    aid = source.assessment(YEAR).id
    source.set_status(aid, "final")
    path = edited(sheet, tmp_path / "final.xlsx", _level(5))
    before = snapshot(source)
    with pytest.raises(WorkspaceError, match="final"):
        source.import_xlsx(path, YEAR)
    assert snapshot(source) == before


@pytest.mark.parametrize("year", [2021, 2101, 0, -2024])
def test_year_out_of_range_is_refused(fresh, sheet, year, snapshot):
    before = snapshot(fresh)
    with pytest.raises(WorkspaceError, match="tahun"):
        fresh.import_xlsx(sheet, year)
    assert snapshot(fresh) == before


def test_unknown_kind_is_refused(fresh, sheet):
    with pytest.raises(WorkspaceError, match="jenis"):
        fresh.import_xlsx(sheet, YEAR, "tahunan")
    assert fresh.assessments() == []


@pytest.mark.parametrize("content", [b"", b"bukan xlsx sama sekali", b"PK\x03\x04 terpotong"])
def test_unreadable_file_is_refused(fresh, tmp_path, content, snapshot):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(content)
    before = snapshot(fresh)
    with pytest.raises(WorkspaceError, match=r"rusak\.xlsx"):
        fresh.import_xlsx(path, YEAR)
    assert snapshot(fresh) == before


def test_missing_file_is_refused(fresh, tmp_path):
    with pytest.raises(WorkspaceError, match="tidak ditemukan"):
        fresh.import_xlsx(tmp_path / "tidak-ada.xlsx", YEAR)
    assert fresh.assessments() == []


def test_other_kind_gets_its_own_assessment(source, sheet):
    result = source.import_xlsx(sheet, YEAR, "badan", create=True)
    assert result.created is True
    badan = source.assessment(YEAR, "badan")
    mandiri = source.assessment(YEAR, "mandiri")
    assert levels_and_explanations(source, badan.id) == \
        levels_and_explanations(source, mandiri.id)


# -- dry run -------------------------------------------------------------------------------------


def test_dry_run_into_fresh_workspace_writes_nothing(fresh, sheet, snapshot):
    before = snapshot(fresh)
    result = fresh.import_xlsx(sheet, YEAR, dry_run=True, create=True)
    assert result.created is True
    assert set(result.changed) == set(LEVELLED + EXPLAINED_ONLY)
    assert result.links_added == len(PUBLIC_LINKS)
    assert result.file_titles == PUBLIC_FILES
    assert snapshot(fresh) == before
    assert fresh.assessments() == []
    real = fresh.import_xlsx(sheet, YEAR, create=True)
    assert (real.changed, real.links_added) == (result.changed, result.links_added)


def test_dry_run_says_what_would_change(source, sheet, tmp_path, snapshot):
    code = LEVELLED[9]

    def change(ws):
        ws.cell(row_of(code), COL_LEVEL).value = SOURCE_LEVELS[code] % 5 + 1
        ws.cell(row_of(CODES[20]), COL_EVIDENCE).value = "Baru — https://contoh.go.id/baru"

    path = edited(sheet, tmp_path / "uji.xlsx", change)
    before = snapshot(source)
    result = source.import_xlsx(path, YEAR, dry_run=True)
    assert (result.created, result.changed, result.links_added) == (False, (code,), 1)
    assert snapshot(source) == before


def test_dry_run_with_skip_bad_rows_reports_skipped_and_writes_nothing(source, sheet, tmp_path,
                                                                        snapshot):
    path = edited(sheet, tmp_path / "buruk.xlsx", _with_good_change(_level("tiga")))
    before = snapshot(source)
    result = source.import_xlsx(path, YEAR, skip_bad_rows=True, dry_run=True)
    assert [p.row for p in result.skipped] == [row_of(BAD_ROW)]
    assert result.changed == (GOOD_CHANGE,)
    assert snapshot(source) == before


def test_dry_run_still_refuses_a_bad_row(source, sheet, tmp_path):
    path = edited(sheet, tmp_path / "buruk.xlsx", _level(0))
    with pytest.raises(WorkspaceError, match=f"baris {row_of(BAD_ROW)}"):
        source.import_xlsx(path, YEAR, dry_run=True)


# -- nothing is lost silently: empty level cells, absent rows, a year without an assessment ------

COL_LEVEL_NAME = "Tingkat terpilih"


def _levels(changes: dict[str, object]) -> Callable:
    def change(ws):
        for code, value in changes.items():
            ws.cell(row_of(code), COL_LEVEL).value = value
    return change


@pytest.mark.parametrize("value", [None, "", "   ", "=1+2"])
def test_empty_level_over_a_saved_level_is_refused(source, sheet, tmp_path, value, snapshot):
    emptied = LEVELLED[3]
    path = edited(sheet, tmp_path / "kosong.xlsx", _with_good_change(_levels({emptied: value})))
    before = snapshot(source)
    for dry_run in (True, False):
        with pytest.raises(WorkspaceError) as info:
            source.import_xlsx(path, YEAR, dry_run=dry_run)
        message = str(info.value)
        assert f"{SHEET_LKE}, baris {row_of(emptied)}, kolom {COL_LEVEL_NAME}" in message
        assert "--clear-blank" in message
        assert snapshot(source) == before


def test_formula_without_saved_value_is_refused_even_without_a_saved_level(source, sheet,
                                                                           tmp_path, snapshot):
    """The sheet meant some level; which one cannot be read, so it is not taken as "none"."""
    code = UNANSWERED[0]
    path = edited(sheet, tmp_path / "rumus.xlsx", _with_good_change(_levels({code: "=2+3"})))
    before = snapshot(source)
    with pytest.raises(WorkspaceError) as info:
        source.import_xlsx(path, YEAR)
    message = str(info.value)
    assert f"{SHEET_LKE}, baris {row_of(code)}, kolom {COL_LEVEL_NAME}" in message
    assert "rumus" in message
    assert snapshot(source) == before


def test_clear_blank_clears_and_lists_the_levels(source, sheet, tmp_path):
    aid = source.assessment(YEAR).id
    blank, formula = LEVELLED[3], LEVELLED[4]
    path = edited(sheet, tmp_path / "kosong.xlsx", _with_good_change(
        _levels({blank: None, formula: "=1+2", UNANSWERED[0]: "=A1"})))
    before = source.answers(aid)

    result = source.import_xlsx(path, YEAR, clear_blank=True)

    assert result.cleared == ((blank, SOURCE_LEVELS[blank]), (formula, SOURCE_LEVELS[formula]))
    assert set(result.changed) == {blank, formula, GOOD_CHANGE}
    after = source.answers(aid)
    assert (after[blank].level, after[formula].level) == (None, None)
    assert after[blank].explanation == before[blank].explanation
    assert after[GOOD_CHANGE].level == SOURCE_LEVELS[GOOD_CHANGE] % 5 + 1
    assert after.get(UNANSWERED[0]) == before.get(UNANSWERED[0])  # no level to clear
    data = json.loads(import_events(source)[-1].data)
    assert data["cleared"] == [blank, formula]


def test_dry_run_lists_the_levels_that_would_be_cleared(source, sheet, tmp_path, snapshot):
    blank = LEVELLED[3]
    path = edited(sheet, tmp_path / "kosong.xlsx", _with_good_change(_levels({blank: None})))
    before = snapshot(source)
    result = source.import_xlsx(path, YEAR, clear_blank=True, dry_run=True)
    assert result.cleared == ((blank, SOURCE_LEVELS[blank]),)
    assert set(result.changed) == {blank, GOOD_CHANGE}
    assert snapshot(source) == before


def test_skip_bad_rows_keeps_the_level_of_an_empty_cell(source, sheet, tmp_path):
    aid = source.assessment(YEAR).id
    blank = LEVELLED[3]
    before = source.answers(aid)
    path = edited(sheet, tmp_path / "kosong.xlsx", _with_good_change(_levels({blank: None})))

    result = source.import_xlsx(path, YEAR, skip_bad_rows=True)

    assert [(p.row, p.column) for p in result.skipped] == [(row_of(blank), COL_LEVEL_NAME)]
    assert result.changed == (GOOD_CHANGE,)
    assert result.cleared == ()
    assert source.answers(aid)[blank] == before[blank]


def test_absent_rows_are_listed_by_code_and_name_and_change_nothing(source, sheet, tmp_path):
    aid = source.assessment(YEAR).id
    absent = (CODES[0], CODES[1], CODES[20])
    before = source.answers(aid)
    before_links = links(source, aid)

    def change(ws):
        _levels({GOOD_CHANGE: SOURCE_LEVELS[GOOD_CHANGE] % 5 + 1})(ws)
        for code in sorted(absent, key=row_of, reverse=True):
            ws.delete_rows(row_of(code))

    path = edited(sheet, tmp_path / "sebagian.xlsx", change)
    expected = tuple((code, CATALOG.indicator(code).name) for code in absent)
    dry = source.import_xlsx(path, YEAR, dry_run=True)
    assert dry.missing == expected

    result = source.import_xlsx(path, YEAR)

    assert result.missing == expected
    assert result.changed == (GOOD_CHANGE,)
    assert result.rows == len(CODES) - len(absent)
    after = source.answers(aid)
    assert {c: after[c] for c in absent} == {c: before[c] for c in absent}
    assert links(source, aid) == before_links
    assert json.loads(import_events(source)[-1].data)["missing_rows"] == list(absent)


def test_full_sheet_has_no_absent_rows(source, sheet):
    assert source.import_xlsx(sheet, YEAR, dry_run=True).missing == ()


@pytest.mark.parametrize(("year", "kind"), [(2030, "mandiri"), (YEAR, "badan")])
def test_year_without_an_assessment_is_refused_without_create(source, sheet, year, kind, snapshot):
    before = snapshot(source)
    for dry_run in (True, False):
        with pytest.raises(WorkspaceError) as info:
            source.import_xlsx(sheet, year, kind, dry_run=dry_run)
        assert str(info.value) == (f"belum ada penilaian {kind} {year}; "
                                   "tambahkan --create untuk membuatnya")
        assert snapshot(source) == before
    assert [(a.year, a.kind) for a in source.assessments()] == [(YEAR, "mandiri")]


def test_create_makes_the_missing_assessment(source, sheet):
    result = source.import_xlsx(sheet, 2030, create=True)
    assert result.created is True
    assert source.assessment(2030).year == 2030
    again = source.import_xlsx(sheet, 2030, create=True)  # it exists now: nothing to create
    assert (again.created, again.changed) == (False, ())


# -- nothing is lost silently: empty and unreadable explanation cells -------------------------

COL_EXPLANATION_NAME = "Penjelasan"
KEPT_MESSAGE = "penjelasan kosong di lembar kerja; penjelasan tersimpan dipertahankan"


def _explanations(changes: dict[str, object]) -> Callable:
    def change(ws):
        for code, value in changes.items():
            ws.cell(row_of(code), COL_EXPLANATION).value = value
    return change


def _without(answers: dict, code: str) -> dict:
    return {c: a for c, a in answers.items() if c != code}


@pytest.mark.parametrize("value", [None, "", "   \n "])
def test_blank_explanation_keeps_the_saved_one_and_warns(source, sheet, tmp_path, value, snapshot):
    aid = source.assessment(YEAR).id
    blank = LEVELLED[3]
    before, before_snapshot = source.answers(aid), snapshot(source)
    path = edited(sheet, tmp_path / "kosong.xlsx",
                  _with_good_change(_explanations({blank: value})))

    dry = source.import_xlsx(path, YEAR, dry_run=True)
    assert snapshot(source) == before_snapshot
    result = source.import_xlsx(path, YEAR)

    for got in (dry, result):
        # only the saved explanation is warned about; unanswered rows had nothing to keep
        assert [(p.sheet, p.row, p.column, p.message) for p in got.warnings] == \
            [(SHEET_LKE, row_of(blank), COL_EXPLANATION_NAME, KEPT_MESSAGE)]
        assert got.changed == (GOOD_CHANGE,)
        assert got.cleared_explanations == ()
    after = source.answers(aid)
    assert after[blank] == before[blank]
    assert after[GOOD_CHANGE].explanation == before[GOOD_CHANGE].explanation
    assert _without(after, GOOD_CHANGE) == _without(before, GOOD_CHANGE)
    data = json.loads(import_events(source)[-1].data)
    assert data["kept_explanations"] == [blank]
    assert data["cleared_explanations"] == []


@pytest.mark.parametrize("code", [LEVELLED[3], EXPLAINED_ONLY[0], UNANSWERED[0]])
def test_formula_explanation_without_saved_value_is_refused(source, sheet, tmp_path, code,
                                                            snapshot):
    """The sheet meant some text and it cannot be read: neither kept nor taken as "none"."""
    path = edited(sheet, tmp_path / "rumus.xlsx",
                  _with_good_change(_explanations({code: '=CONCATENATE("a", "b")'})))
    before = snapshot(source)
    for dry_run in (True, False):
        with pytest.raises(WorkspaceError) as info:
            source.import_xlsx(path, YEAR, dry_run=dry_run)
        message = str(info.value)
        assert f"{SHEET_LKE}, baris {row_of(code)}, kolom {COL_EXPLANATION_NAME}" in message
        assert "rumus" in message
        assert "--clear-blank" in message
        assert snapshot(source) == before


def test_formula_explanation_with_saved_value_is_read(source, sheet, tmp_path):
    """A formula Excel computed and saved is read as its text, like any other cell."""
    import re
    import zipfile

    aid = source.assessment(YEAR).id
    code = LEVELLED[3]
    plain = edited(sheet, tmp_path / "rumus.xlsx", _explanations({code: "=A1"}))
    path = tmp_path / "dihitung.xlsx"
    cell = re.compile(rb'<c r="I%d"([^>]*)><f>A1</f>(?:<v\s*/>|<v></v>)</c>' % row_of(code))
    replaced = 0
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():  # as Excel saves it: the formula with its computed text
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data, count = cell.subn(rb'<c r="I%d"\1 t="str"><f>A1</f>'
                                        rb"<v>Teks dari rumus</v></c>" % row_of(code), data)
                replaced += count
            dst.writestr(info, data)
    assert replaced == 1

    result = source.import_xlsx(path, YEAR)

    assert (result.changed, result.warnings) == ((code,), ())
    assert source.answers(aid)[code].explanation == "Teks dari rumus"


def test_skip_bad_rows_keeps_the_explanation_of_a_formula_cell(source, sheet, tmp_path):
    aid = source.assessment(YEAR).id
    code = LEVELLED[3]
    before = source.answers(aid)
    path = edited(sheet, tmp_path / "rumus.xlsx",
                  _with_good_change(_explanations({code: "=A1"})))

    result = source.import_xlsx(path, YEAR, skip_bad_rows=True)

    assert [(p.row, p.column) for p in result.skipped] == [(row_of(code), COL_EXPLANATION_NAME)]
    assert (result.changed, result.cleared_explanations) == ((GOOD_CHANGE,), ())
    assert source.answers(aid)[code] == before[code]


def test_clear_blank_clears_and_lists_the_explanations(source, sheet, tmp_path, snapshot):
    aid = source.assessment(YEAR).id
    blank, formula, both = LEVELLED[3], LEVELLED[4], EXPLAINED_ONLY[0]
    path = edited(sheet, tmp_path / "kosong.xlsx", _with_good_change(_explanations(
        {blank: None, formula: "=A1", both: "   ", UNANSWERED[0]: "=B2"})))
    before = source.answers(aid)
    before_snapshot = snapshot(source)

    dry = source.import_xlsx(path, YEAR, clear_blank=True, dry_run=True)
    assert snapshot(source) == before_snapshot
    result = source.import_xlsx(path, YEAR, clear_blank=True)

    for got in (dry, result):
        assert got.cleared_explanations == tuple(
            (code, before[code].explanation) for code in (blank, formula, both))
        assert got.warnings == ()
        assert got.cleared == ()  # the levels stay
        assert set(got.changed) == {blank, formula, both, GOOD_CHANGE}
    after = source.answers(aid)
    assert {c: (after[c].level, after[c].explanation) for c in (blank, formula, both)} \
        == {c: (before[c].level, "") for c in (blank, formula, both)}
    assert after.get(UNANSWERED[0]) == before.get(UNANSWERED[0])  # nothing to clear
    changed = {blank, formula, both, GOOD_CHANGE}
    assert {c: a for c, a in after.items() if c not in changed} == \
        {c: a for c, a in before.items() if c not in changed}
    data = json.loads(import_events(source)[-1].data)
    assert data["cleared_explanations"] == [blank, formula, both]
    assert data["kept_explanations"] == []
