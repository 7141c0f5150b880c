"""Filling in an LKE worksheet as an OPD or a TPI member does in Excel: shared by the tests of
the request-sheet round trip (tests/coordination) and of the screens that show its proposals."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


def fill_lke(path: Path, out: Path, edits: dict[str, dict[str, object]]) -> None:
    """Write ``path`` to ``out`` with the cells named in ``edits`` (indicator code -> column
    header -> value) changed on the sheet "LKE EPSS"."""
    book = load_workbook(path)
    sheet = book["LKE EPSS"]
    header = {c.value: c.column for c in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        code = str(sheet.cell(row, header["KodeInd"]).value)
        for column, value in edits.get(code, {}).items():
            sheet.cell(row, header[column]).value = value
    book.save(out)
