"""The official worksheet's wording as an overlay: names and level criteria shown instead of ours,
codes and weights (so every score) unchanged, refused whole on a malformed row, stored in the
workspace, reported (missing, extra, renamed) and undone by ``clear_criteria``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from epss.core.catalog import load_catalog
from epss.services.dossier import build_context
from epss.services.workspace import Workspace, WorkspaceError

BASE = load_catalog()
CODES = BASE.codes
OFFICIAL_10101_LEVEL_1 = "Penerapan SDS belum dilakukan oleh seluruh Produsen Data"
COL_CODE, COL_NAME, COL_DESCRIPTION, COL_CRITERIA = 4, 5, 6, 7


@pytest.fixture
def ws(workspace) -> Workspace:
    aid = workspace.new_assessment(2024).id
    with workspace.store.transaction():
        for i, code in enumerate(CODES):
            workspace.set_answer(aid, code, level=i % 5 + 1, explanation=f"penjelasan {code}")
    return workspace


def row_of(sheet, code: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if str(sheet.cell(row, COL_CODE).value) == code:
            return row
    raise AssertionError(f"{code} not in the sheet")


@pytest.fixture(scope="module")
def lke(tmp_path_factory, lke_worksheet) -> Path:
    """The official worksheet without its empty tail (rows 40-998, columns H-R hold nothing):
    the same wording, read ten times faster, so that every edit below stays cheap."""
    wb = openpyxl.load_workbook(lke_worksheet)
    sheet = wb.worksheets[0]
    sheet.delete_rows(row_of(sheet, CODES[-1]) + 1, sheet.max_row)
    sheet.delete_cols(COL_CRITERIA + 1, sheet.max_column)
    target = tmp_path_factory.mktemp("lke") / lke_worksheet.name
    wb.save(target)
    return target


def official(lke: Path, tmp_path: Path, name: str, change: Callable) -> Path:
    """A copy of the official worksheet with one edit, as someone might have made it."""
    wb = openpyxl.load_workbook(lke)
    change(wb.worksheets[0])
    target = tmp_path / name
    wb.save(target)
    return target


def criteria_cell(levels: list[str]) -> str:
    return "\n".join(f"{n}. {text}" for n, text in enumerate(levels, 1))


def events(ws: Workspace, action: str) -> list:
    return [e for e in ws.store.events() if e.action == action]


# -- the overlay ---------------------------------------------------------------------------------


def test_import_shows_the_official_wording_and_keeps_every_score(ws, lke_worksheet):
    aid = ws.assessment(2024).id
    card = ws.scorecard(aid)
    assert ws.catalog.indicator("10101").levels[1] != OFFICIAL_10101_LEVEL_1

    report = ws.import_criteria(lke_worksheet)

    assert len(report.wording) == len(CODES)
    assert (report.missing, report.extra, report.renamed, report.problems) == ((), (), (), ())
    assert ws.catalog.indicator("10101").levels[1] == OFFICIAL_10101_LEVEL_1
    assert ws.catalog.indicator("10101").name == \
        "Tingkat Kematangan Penerapan Standar Data Statistik (SDS)"
    assert ws.catalog.indicator("10101").description.startswith("- Standar Data Statistik adalah")
    # words only: codes, weights and scores stay ours
    assert ws.catalog.codes == CODES
    assert ws.catalog.edition == BASE.edition
    for code in CODES:
        assert ws.catalog.weight(code) == BASE.weight(code)
        assert ws.catalog.effective_weight(code) == BASE.effective_weight(code)
        assert ws.catalog.indicator(code).evidence == BASE.indicator(code).evidence
    assert [d.name for d in ws.catalog.domains] == [d.name for d in BASE.domains]
    assert ws.scorecard(aid) == card
    assert ws.base_catalog == BASE
    assert ws.base_catalog.indicator("10101").levels[1] == BASE.indicator("10101").levels[1]

    source = ws.criteria_source()
    assert source is not None
    assert source["source"] == lke_worksheet.name
    assert source["count"] == len(CODES)
    assert source["imported_by"] == "tester"
    logged = events(ws, "import_criteria")
    assert len(logged) == 1
    data = json.loads(logged[0].data)
    assert data["source"] == lke_worksheet.name and data["indicators"] == len(CODES)
    assert len(data["sha256"]) == 64
    assert ws.doctor() == []


def test_overlay_survives_reopening_and_clear_restores_ours(lke, ws):
    ws.import_criteria(lke)
    with Workspace.open(ws.root, actor="other") as again:
        assert again.catalog.indicator("10101").levels[1] == OFFICIAL_10101_LEVEL_1
        assert again.catalog == ws.catalog
        assert again.base_catalog == BASE
        assert again.criteria_source()["source"] == lke.name

    assert ws.clear_criteria() == len(CODES)
    assert ws.catalog == BASE
    assert ws.criteria_source() is None
    assert len(events(ws, "clear_criteria")) == 1
    count = len(ws.store.events())
    assert ws.clear_criteria() == 0
    assert len(ws.store.events()) == count  # nothing to undo, nothing logged
    with Workspace.open(ws.root) as again:
        assert again.catalog == BASE
    assert ws.doctor() == []


def test_second_import_replaces_the_whole_overlay(lke, ws, tmp_path):
    ws.import_criteria(lke)
    dropped = ("10201", "50303")

    def change(sheet):
        for code in dropped:
            sheet.delete_rows(row_of(sheet, code))

    report = ws.import_criteria(official(lke, tmp_path, "kurang.xlsx", change))
    assert report.missing == dropped
    for code in dropped:  # not kept from the first import: back to our words
        assert ws.catalog.indicator(code) == BASE.indicator(code)
    assert ws.catalog.indicator("10101").levels[1] == OFFICIAL_10101_LEVEL_1
    assert ws.criteria_source()["source"] == "kurang.xlsx"
    assert ws.criteria_source()["count"] == len(CODES) - len(dropped)
    assert {r["indicator"] for r in ws.store.criteria_wording()} == set(CODES) - set(dropped)


def test_missing_codes_keep_our_wording(lke, ws, tmp_path):
    dropped = ("20101", "40304")

    def change(sheet):
        for code in dropped:
            sheet.delete_rows(row_of(sheet, code))

    report = ws.import_criteria(official(lke, tmp_path, "kurang.xlsx", change))
    assert report.missing == dropped
    assert report.extra == ()
    assert len(report.wording) == len(CODES) - len(dropped)
    for code in dropped:
        assert ws.catalog.indicator(code) == BASE.indicator(code)
    assert ws.catalog.indicator("10101").levels[1] == OFFICIAL_10101_LEVEL_1
    assert json.loads(events(ws, "import_criteria")[0].data)["missing"] == list(dropped)


def test_extra_code_is_reported_and_ignored(lke, ws, tmp_path):
    def change(sheet):
        row = row_of(sheet, CODES[-1]) + 1
        sheet.cell(row, COL_CODE).value = 60101
        sheet.cell(row, COL_NAME).value = "Indikator yang tidak ada di katalog"
        sheet.cell(row, COL_DESCRIPTION).value = "Penjelasan"
        sheet.cell(row, COL_CRITERIA).value = criteria_cell([f"tingkat {n}" for n in range(1, 6)])

    report = ws.import_criteria(official(lke, tmp_path, "lebih.xlsx", change))
    assert report.extra == ("60101",)
    assert report.missing == ()
    assert len(report.wording) == len(CODES)
    assert "60101" not in {r["indicator"] for r in ws.store.criteria_wording()}
    assert not ws.catalog.has_indicator("60101")
    assert ws.catalog.indicator("10101").levels[1] == OFFICIAL_10101_LEVEL_1


def test_renamed_indicator_is_reported_and_shown(lke, ws, tmp_path):
    theirs = "Tingkat Kematangan Penerapan SDS (edisi baru)"
    report = ws.import_criteria(official(
        lke, tmp_path, "nama.xlsx",
        lambda sheet: setattr(sheet.cell(row_of(sheet, "10101"), COL_NAME), "value",
                              f"  {theirs}  ")))
    assert report.renamed == (("10101", BASE.indicator("10101").name, theirs),)
    assert ws.catalog.indicator("10101").name == theirs
    assert ws.base_catalog.indicator("10101").name == BASE.indicator("10101").name
    logged = json.loads(events(ws, "import_criteria")[0].data)
    assert logged["renamed"] == [["10101", BASE.indicator("10101").name, theirs]]


# -- refused whole -------------------------------------------------------------------------------

FOUR_LEVELS = criteria_cell(["satu", "dua", "tiga", "empat"])
BAD_CRITERIA = {
    "four levels": (COL_CRITERIA, FOUR_LEVELS, "1. sampai 5."),
    "six levels": (COL_CRITERIA, criteria_cell(list("abcdef")), "1. sampai 5."),
    "out of order": (COL_CRITERIA, "1. a\n2. b\n4. d\n3. c\n5. e", "berurutan"),
    "no numbers": (COL_CRITERIA, "belum\nsudah\nsudah baik", "diawali"),
    "empty level": (COL_CRITERIA, "1. a\n2. b\n3.\n4. d\n5. e", "tingkat 3 kosong"),
    "empty criteria": (COL_CRITERIA, None, "1. sampai 5."),
    "empty name": (COL_NAME, "   ", "nama indikator kosong"),
}


@pytest.mark.parametrize("case", list(BAD_CRITERIA))
def test_malformed_row_refuses_the_whole_file(lke, ws, tmp_path, case, refused):
    column, value, fragment = BAD_CRITERIA[case]
    holder: dict[str, int] = {}

    def change(sheet):
        holder["row"] = row_of(sheet, "30201")
        sheet.cell(holder["row"], column).value = value

    path = official(lke, tmp_path, "rusak.xlsx", change)
    ws.import_criteria(lke)  # an overlay that must survive the refused import
    shown = ws.catalog
    refused(ws, lambda: ws.import_criteria(path), f"baris {holder['row']}", fragment,
            "tidak diimpor")
    assert ws.catalog == shown
    assert ws.criteria_source()["source"] == lke.name


def test_malformed_row_in_a_fresh_workspace_leaves_our_words(lke, ws, tmp_path, refused):
    path = official(lke, tmp_path, "rusak.xlsx", lambda sheet: setattr(
        sheet.cell(row_of(sheet, "10101"), COL_CRITERIA), "value", FOUR_LEVELS))
    refused(ws, lambda: ws.import_criteria(path), "baris 2")
    assert ws.catalog == BASE
    assert ws.criteria_source() is None


def test_missing_criteria_header_is_refused(lke, ws, tmp_path, refused):
    path = official(lke, tmp_path, "kepala.xlsx", lambda sheet: setattr(
        sheet.cell(1, COL_CRITERIA), "value", "Kriteria"))
    refused(ws, lambda: ws.import_criteria(path), '"Tingkat Kematangan"')


def test_sheet_without_indicator_rows_is_refused(lke, ws, tmp_path, refused):
    path = official(lke, tmp_path, "kosong.xlsx", lambda sheet: sheet.delete_rows(2, 60))
    refused(ws, lambda: ws.import_criteria(path), "tidak ada indikator")


@pytest.mark.parametrize("how", ["empty cell", "no column"])
def test_empty_description_is_handled(lke, ws, tmp_path, how, snapshot):
    def change(sheet):
        if how == "no column":
            sheet.delete_cols(COL_DESCRIPTION)
        else:
            sheet.cell(row_of(sheet, "10101"), COL_DESCRIPTION).value = None

    path = official(lke, tmp_path, "tanpa-penjelasan.xlsx", change)
    before = snapshot(ws)
    try:
        ws.import_criteria(path)
    except WorkspaceError:
        assert snapshot(ws) == before
    else:  # the official levels are taken; with no description there, ours is kept
        assert ws.catalog.indicator("10101").levels[1] == OFFICIAL_10101_LEVEL_1
        assert ws.catalog.indicator("10101").description == \
            ws.base_catalog.indicator("10101").description


@pytest.mark.parametrize("what", ["text", "empty", "truncated zip", "missing", "folder",
                                  "other workbook"])
def test_not_a_worksheet_is_refused(ws, tmp_path, what, refused):
    path = tmp_path / "bukan.xlsx"
    if what == "text":
        path.write_text("Domain,KodeInd,Indikator\n", encoding="utf-8")
    elif what == "empty":
        path.write_bytes(b"")
    elif what == "truncated zip":
        path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    elif what == "folder":
        path.mkdir()
    elif what == "other workbook":
        wb = openpyxl.Workbook()
        wb.active.append(["Nama", "Nilai"])
        wb.active.append(["a", 1])
        wb.save(path)
    message = refused(ws, lambda: ws.import_criteria(path))
    assert "bukan.xlsx" in message or "kolom" in message, message
    assert ws.catalog == BASE


# -- where the overlay shows -------------------------------------------------------------------


def _indicator(context: dict, code: str) -> dict:
    for domain in context["domains"]:
        for aspect in domain["aspects"]:
            for item in aspect["indicators"]:
                if item["code"] == code:
                    return item
    raise AssertionError(code)


def test_dossier_context_uses_the_overlay(lke, ws, tmp_path):
    aid = ws.assessment(2024).id
    theirs = "Penerapan SDS menurut LKE"
    path = official(lke, tmp_path, "lke-resmi.xlsx", lambda sheet: setattr(
        sheet.cell(row_of(sheet, "10101"), COL_NAME), "value", theirs))
    ours = build_context(ws, aid)
    assert "katalog epss" in ours["assessment"]["wording"]
    level = ws.answers(aid)["10101"].level
    assert level == 1
    assert _indicator(ours, "10101")["criterion"] == BASE.indicator("10101").levels[1]

    ws.import_criteria(path)
    context = build_context(ws, aid)

    assert "lke-resmi.xlsx" in context["assessment"]["wording"]
    assert "katalog epss" not in context["assessment"]["wording"]
    item = _indicator(context, "10101")
    assert item["name"] == theirs
    assert item["criterion"] == OFFICIAL_10101_LEVEL_1
    other = _indicator(context, "20101")
    expected = ws.catalog.indicator("20101").levels[ws.answers(aid)["20101"].level]
    assert other["criterion"] == expected != \
        BASE.indicator("20101").levels[ws.answers(aid)["20101"].level]
    assert context["score"] == ours["score"]

    ws.clear_criteria()
    assert "katalog epss" in build_context(ws, aid)["assessment"]["wording"]


def test_worksheet_export_uses_the_overlay(lke, ws, tmp_path):
    ws.import_criteria(lke)
    target = ws.export_xlsx(ws.assessment(2024).id, tmp_path / "lke.xlsx")
    sheet = openpyxl.load_workbook(target)["LKE EPSS"]
    assert OFFICIAL_10101_LEVEL_1 in sheet.cell(row_of(sheet, "10101"), COL_CRITERIA).value


def test_markup_like_text_is_stored_and_returned_verbatim(lke, ws, tmp_path):
    name = "Nama [b]tebal[/b] dan [/x] [link=https://x.id]"
    levels = ["[red]merah[/red]", "tingkat [/x] dua", "tiga \\[escaped]", "[bold]", "lima [/]"]

    def change(sheet):
        row = row_of(sheet, "10101")
        sheet.cell(row, COL_NAME).value = name
        sheet.cell(row, COL_CRITERIA).value = criteria_cell(levels)

    report = ws.import_criteria(official(lke, tmp_path, "markup.xlsx", change))
    assert report.renamed == (("10101", BASE.indicator("10101").name, name),)
    stored = next(r for r in ws.store.criteria_wording() if r["indicator"] == "10101")
    assert stored["name"] == name
    assert stored["levels"] == levels
    shown = ws.catalog.indicator("10101")
    assert shown.name == name
    assert [shown.levels[n] for n in range(1, 6)] == levels
    with Workspace.open(ws.root) as again:
        assert again.catalog.indicator("10101").name == name
        assert [again.catalog.indicator("10101").levels[n] for n in range(1, 6)] == levels


def test_our_own_export_read_as_criteria_gives_our_words(ws, tmp_path):
    """A worksheet epss wrote carries our wording exactly: importing it changes no word."""
    exported = ws.export_xlsx(ws.assessment(2024).id, tmp_path / "lke-kita.xlsx")
    report = ws.import_criteria(exported)
    assert (report.missing, report.extra, report.renamed) == ((), (), ())
    assert ws.catalog == BASE
    assert ws.criteria_source()["source"] == "lke-kita.xlsx"
