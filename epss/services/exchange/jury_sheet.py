"""The jury score sheet (xlsx): written for each juror, filled in, read back whole or not at all.

Layout (one sheet, "Nilai Juri"): the juror's name in B1, the award in B2, a hint in B3; row 5
is the header — ``Kode peserta``, ``Nama peserta``, then one column per jury criterion whose
header ends in ``[criterion-id]`` — and each following row is one entrant. Columns are found by
their headers, so a juror may reorder or add columns; a blank cell means "not scored".

The reader refuses the whole sheet on any bad cell (unknown entrant or criterion, a score that
is not a number 0-100, an entrant listed twice) and names each cell, because a jury sheet that
is half imported is worse than one that is not imported at all. Opening goes through the
worksheet reader's checks (size, zip bomb, parser failures).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from epss.core.award import AwardError, Rubric, parse_score
from epss.core.messages import clip
from epss.services.exchange.worksheet import (
    MAX_DATA_ROWS,
    Problem,
    WorksheetError,
    cell_text,
    is_blank,
    open_workbook,
    put_cell,
    style_sheet,
)

SHEET = "Nilai Juri"
JUROR_LABEL, AWARD_LABEL, HINT_LABEL = "Juri", "Lomba", "Petunjuk"
CODE_HEADER, NAME_HEADER = "Kode peserta", "Nama peserta"
HEADER_ROW = 5
HINT = ("Isi nama juri di B1 dan nilai 0-100 (boleh desimal, mis. 81,5) untuk setiap peserta. "
        "Kosongkan sel yang belum dinilai. Jangan ubah kode peserta dan kode kriteria [..].")
_CRITERION = re.compile(r"\[([a-z0-9][a-z0-9_-]{0,39})\]\s*$")
_SCAN_ROWS = 20
_MAX_COLUMNS = 200  # far more than any rubric has jury criteria


@dataclass(frozen=True)
class SheetEntrant:
    key: str
    name: str


@dataclass(frozen=True)
class SheetScore:
    entrant: str
    criterion: str
    score: Fraction


@dataclass
class JurySheetRead:
    juror: str
    scores: list[SheetScore] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def jury_criteria(rubric: Rubric) -> list[tuple[str, str]]:
    return [(c.id, c.name) for s in rubric.stages for c in s.criteria if c.source == "jury"]


def write_jury_sheet(target: str | os.PathLike, rubric: Rubric, award_label: str,
                     entrants: Sequence[SheetEntrant], juror: str = "") -> None:
    """Write the blank (or pre-named) sheet a juror fills in; atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from epss.fileio import atomic_output

    criteria = jury_criteria(rubric)
    if not criteria:
        raise WorksheetError(f"rubrik {rubric.id} tidak punya kriteria yang dinilai juri")
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    for row, (label, value) in enumerate(
            ((JUROR_LABEL, juror), (AWARD_LABEL, award_label), (HINT_LABEL, HINT)), 1):
        put_cell(ws, row, 1, label).font = Font(bold=True)
        put_cell(ws, row, 2, value)
    headers = [CODE_HEADER, NAME_HEADER, *(f"{name} [{cid}]" for cid, name in criteria)]
    for column, header in enumerate(headers, 1):
        put_cell(ws, HEADER_ROW, column, header)
    for row, entrant in enumerate(entrants, HEADER_ROW + 1):
        put_cell(ws, row, 1, entrant.key)
        put_cell(ws, row, 2, entrant.name)
    last = HEADER_ROW + len(entrants)
    style_sheet(ws, {1: 16, 2: 40, **{3 + i: 28 for i in range(len(criteria))}}, last,
                header_row=HEADER_ROW)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    if entrants:
        from openpyxl.worksheet.datavalidation import DataValidation

        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                              allow_blank=True, showErrorMessage=True,
                              errorTitle="Nilai 0-100", error="Nilai harus angka 0 sampai 100.")
        end_column = ws.cell(row=HEADER_ROW, column=len(headers)).column_letter
        rule.add(f"C{HEADER_ROW + 1}:{end_column}{last}")
        ws.add_data_validation(rule)
    with atomic_output(Path(target)) as tmp:
        book.save(tmp)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _find_header(ws) -> int | None:
    # Bounded by what the sheet holds: iterating past it makes openpyxl create every cell.
    rows, columns = min(ws.max_row or 0, _SCAN_ROWS), min(ws.max_column or 0, _MAX_COLUMNS)
    for number, row in enumerate(ws.iter_rows(min_row=1, max_row=rows, max_col=columns,
                                              values_only=True), 1):
        if any(cell_text(v).casefold() == CODE_HEADER.casefold() for v in row):
            return number
    return None


def _label_value(ws, header_row: int, label: str) -> str:
    for row in ws.iter_rows(min_row=1, max_row=header_row - 1, max_col=2, values_only=True):
        if row and cell_text(row[0]).casefold() == label.casefold():
            return " ".join(cell_text(row[1] if len(row) > 1 else None).split())
    return ""


def read_jury_sheet(source: str | os.PathLike, rubric: Rubric,
                    entrant_keys: Iterable[str]) -> JurySheetRead:
    """Every score in the sheet, and every problem with its cell (nothing is dropped)."""
    path = Path(source)
    book = open_workbook(path)
    ws = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    header_row = _find_header(ws)
    if header_row is None:
        raise WorksheetError(f"{path.name}: kolom '{CODE_HEADER}' tidak ditemukan di "
                             f"{_SCAN_ROWS} baris pertama lembar {ws.title}; "
                             "pakai lembar dari `epss award jury-sheet`")
    read = JurySheetRead(_label_value(ws, header_row, JUROR_LABEL))
    header = next(ws.iter_rows(min_row=header_row, max_row=header_row, values_only=True))
    code_col = next(i for i, v in enumerate(header)
                    if cell_text(v).casefold() == CODE_HEADER.casefold())
    jury_ids = {cid for cid, _ in jury_criteria(rubric)}
    all_ids = {c.id: c.source for s in rubric.stages for c in s.criteria}
    columns: dict[int, str] = {}
    for index, value in enumerate(header):
        match = _CRITERION.search(cell_text(value))
        if not match:
            continue
        cid = match.group(1)
        ref = (ws.title, header_row, _letter(index))
        if cid not in all_ids:
            read.problems.append(Problem(*ref, f"kriteria [{cid}] tidak ada di rubrik "
                                              f"{rubric.id}"))
        elif cid not in jury_ids:
            read.problems.append(Problem(*ref, f"kriteria [{cid}] tidak dinilai juri "
                                              f"(sumbernya {all_ids[cid]})"))
        elif cid in columns.values():
            read.problems.append(Problem(*ref, f"kolom kriteria [{cid}] ada dua kali"))
        else:
            columns[index] = cid
    if not columns and not read.problems:
        raise WorksheetError(f"{path.name}: tidak ada kolom kriteria juri (judul kolom "
                             "berakhiran [kode-kriteria]) di baris judul")
    known = set(entrant_keys)
    seen: dict[str, int] = {}
    last_row = header_row + MAX_DATA_ROWS
    end = min(ws.max_row or 0, last_row)
    width = min(ws.max_column or 0, _MAX_COLUMNS)
    for number, row in enumerate(ws.iter_rows(min_row=header_row + 1, max_row=end,
                                              max_col=width, values_only=True), header_row + 1):
        code = cell_text(row[code_col] if code_col < len(row) else None).strip()
        values = {i: row[i] for i in columns if i < len(row) and not is_blank(row[i])}
        code_ref = (ws.title, number, _letter(code_col))
        if not code:
            if values:
                read.problems.append(Problem(*code_ref,
                                             "ada nilai tetapi kode peserta kosong"))
            continue
        if code not in known:
            read.problems.append(Problem(*code_ref, f"peserta {clip(code)} tidak terdaftar di "
                                                    "lomba"))
            continue
        if code in seen:
            read.problems.append(Problem(*code_ref,
                                         f"peserta {code} sudah ada di baris {seen[code]}"))
            continue
        seen[code] = number
        for index, value in values.items():
            ref = (ws.title, number, _letter(index))
            try:
                score = parse_score(cell_text(value), f"nilai {columns[index]}")
            except AwardError as exc:
                read.problems.append(Problem(*ref, str(exc)))
                continue
            read.scores.append(SheetScore(code, columns[index], score))
    if (ws.max_row or 0) > last_row:
        read.problems.append(Problem(ws.title, None, None,
                                     f"lebih dari {MAX_DATA_ROWS} baris peserta"))
    return read
