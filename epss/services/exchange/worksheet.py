"""The official EPSS evaluation worksheet (LKE, Lembar Kerja Evaluasi) as xlsx, out and in.

Why a worksheet at all: evaluators, BPS and the Walidata team already pass the LKE around as an
Excel file. ``write_worksheet`` gives them that file with our answers filled in (the first seven
columns are exactly the official ones, so the file is still "the LKE"); ``read_worksheet`` takes
such a file back after someone filled it in by hand; ``read_criteria`` reads the official wording
(names and level criteria) so that a new edition of the LKE can be compared with our catalog.

Everything here is pure apart from opening and writing the file: no database, no workspace. The
reader never trusts the file: size and zip-bomb limits are checked before openpyxl sees it, every
bad row becomes a ``Problem`` (Indonesian, with the row number a user sees in Excel) instead of an
exception, and only rows without problems come back as answers, so a caller can refuse or accept
a partial import knowingly. Text round-trips losslessly, including characters XML cannot hold,
which are written with the OOXML ``_xHHHH_`` escape that Excel itself uses.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from epss.core.catalog import LEVELS, Catalog, Indicator
from epss.core.errors import os_error_text
from epss.core.model import (
    KIND_LABELS,
    MAX_EXPLANATION,
    Agency,
    Answer,
    Assessment,
    Attachment,
    clean_text,
)
from epss.core.scoring import NodeScore, Scorecard
from epss.fileio import atomic_output

OFFICIAL_HEADERS = (
    "Domain",
    "Kode",
    "Aspek",
    "KodeInd",
    "Indikator",
    "Penjelasan Indikator",
    "Tingkat Kematangan",
)
OUR_HEADERS = (*OFFICIAL_HEADERS, "Tingkat terpilih", "Penjelasan", "Bukti dukung")

SHEET_LKE = "LKE EPSS"
SHEET_SCORE = "Skor"

COL_CODE, COL_NAME, COL_DESCRIPTION, COL_CRITERIA = (
    "KodeInd",
    "Indikator",
    "Penjelasan Indikator",
    "Tingkat Kematangan",
)
COL_LEVEL, COL_EXPLANATION, COL_EVIDENCE = "Tingkat terpilih", "Penjelasan", "Bukti dukung"
OPTIONAL_COLUMNS = (COL_EXPLANATION, COL_EVIDENCE)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
RATIO_MIN_BYTES = 1024 * 1024  # small members may compress very well without being a bomb
MAX_DATA_ROWS = 5_000
MAX_SCAN_ROW = 20_000  # openpyxl materialises every cell it iterates over: never walk further
MAX_CELL = 32_767  # Excel's limit on the characters in one cell

LINK_SEPARATOR = " — "
FILE_MARK = "(berkas: "
_URL_START = re.compile(r"https?://", re.IGNORECASE)
_SEPARATORS = "—–-:|"
_SMALL_NUMBER = re.compile(r"\s*[0-9]{1,4}\s*")
_LEVEL_ITEM = re.compile(r"^\s*(?P<number>[0-9]{1,4})\s*[.)](?:\s+|$)(?P<text>.*)$")
_NEEDS_ESCAPE = re.compile(  # XML 1.0 cannot hold these; a literal "_x0041_" must keep its "_"
    r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
)
_URLISH = re.compile(  # what a user meant as a link, even if we cannot accept it
    r"(?i)\b(?:https?|ftp|file|javascript|mailto|data|vbscript|sftp|smb):|://|\bwww\.")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


class WorksheetError(Exception):
    """The file cannot be read at all; the message (Indonesian) names the file."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file, where a user finds it in Excel (1-based row)."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.sheet] if self.sheet else []
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class SheetLink:
    title: str
    url: str


@dataclass(frozen=True)
class SheetAnswer:
    """One good row. ``formula``: the level cell holds a formula whose value the file does not
    carry (written by a program that does not calculate), so ``level`` is None without the sheet
    meaning "no level"; ``explanation_formula`` the same for the explanation, which then reads
    as "" without the sheet meaning "no explanation". The caller decides what that may do."""

    code: str
    row: int
    level: int | None
    explanation: str
    links: tuple[SheetLink, ...]
    file_titles: tuple[str, ...]
    formula: bool = False
    explanation_formula: bool = False


@dataclass(frozen=True)
class WorksheetRead:
    """The good rows (``answers``) and everything wrong (``problems``).

    ``columns`` says which optional columns (Penjelasan, Bukti dukung) the sheet has: when one is
    absent every answer carries "" / no links for it, and a caller must not wipe what it holds.
    ``missing``: catalog codes no row of the sheet names (a row that names one but is bad is a
    problem, not missing), in catalog order, so a partial sheet is never mistaken for a full one.
    """

    sheet: str
    answers: dict[str, SheetAnswer]
    problems: tuple[Problem, ...]
    columns: frozenset[str] = frozenset()
    missing: tuple[str, ...] = ()
    request_opd: str = ""  # an OPD's request sheet (``write_request_sheet``): its OPD
    request_year: int | None = None  # and the year it was written for


@dataclass(frozen=True)
class RequestRow:
    """One indicator of an OPD's request sheet: what it holds and what it must send."""

    code: str
    kegiatan: str  # the kegiatan (or "umum/walidata", "semua kegiatan terpilih") it proves
    pic: str
    due: str  # ISO date or ""
    current: str  # criterion of the saved level, or "" when unanswered
    next: str  # criterion of the next level, or "" at level 5
    expected: str  # the evidence the saved and the next level expect


@dataclass(frozen=True)
class Wording:
    code: str
    name: str
    description: str
    levels: dict[int, str]


@dataclass(frozen=True)
class CriteriaRead:
    sheet: str
    wording: dict[str, Wording]
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    renamed: tuple[tuple[str, str, str], ...]
    problems: tuple[Problem, ...]


class _Bad(Exception):
    """A cell that cannot be used; becomes a Problem for its row and column."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


# -- text in cells ----------------------------------------------------------------------------


def _escape(text: str) -> str:
    """OOXML escape: characters XML cannot hold become _xHHHH_, a literal "_xHHHH_" keeps its _."""
    return _NEEDS_ESCAPE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _normal(value: object) -> str:
    return " ".join(str(value).split())


def _header_key(value: object) -> str:
    return _normal(value).casefold() if value is not None else ""


def cell_text(value: object) -> str:
    """A cell's content as text the model accepts (numbers as Excel shows them)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(_unescape(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f'"{value.strip()[:40]}"'
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


# -- writing ----------------------------------------------------------------------------------


def put_cell(ws, row: int, column: int, value: object, *, number_format: str | None = None):
    """Write one cell; text is never a formula and never exceeds Excel's limit."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        if len(value) > MAX_CELL:
            ref = f"{cell.column_letter}{row}"
            raise WorksheetError(
                f"{ws.title}!{ref}: isi sel {len(value)} karakter, melebihi batas Excel "
                f"{MAX_CELL} karakter; lembar kerja tidak ditulis"
            )
        cell.value = _escape(value)
        cell.data_type = "s"  # "=SUM(A1)" typed as an explanation stays text
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def _criteria_text(indicator: Indicator) -> str:
    return "\n".join(f"{level}. {indicator.levels[level]}" for level in LEVELS)


def _link_line(title: str, url: str) -> str:
    return f"{title}{LINK_SEPARATOR}{url}" if title else url


def _evidence_text(attachments: Iterable[Attachment]) -> str:
    lines = []
    for att in attachments:
        if att.url:
            lines.append(_link_line(att.title, att.url))
        else:
            lines.append(f"{att.title} {FILE_MARK}{att.original_name or att.title})")
    return "\n".join(lines)


def style_sheet(ws, widths: Mapping[int, float], last_row: int, header_row: int = 1) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wrap = Alignment(wrap_text=True, vertical="top")
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    for row in ws.iter_rows(min_row=header_row, max_row=last_row, max_col=len(widths)):
        for cell in row:
            cell.alignment = wrap
    for cell in ws[header_row]:
        cell.font = Font(bold=True)


_LKE_WIDTHS = {1: 18, 2: 7, 3: 22, 4: 9, 5: 32, 6: 50, 7: 55, 8: 10, 9: 55, 10: 45}


def _write_lke_sheet(ws, catalog: Catalog, answers: Mapping[str, Answer],
                     evidence: Mapping[str, list[Attachment]]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    for column, header in enumerate(OUR_HEADERS, start=1):
        put_cell(ws, 1, column, header)
    row = 1
    for domain in catalog.domains:
        for aspect in domain.aspects:
            for ind in aspect.indicators:
                row += 1
                answer = answers.get(ind.code)
                values = (
                    domain.name, int(aspect.code), aspect.name, int(ind.code), ind.name,
                    ind.description, _criteria_text(ind),
                    answer.level if answer else None,
                    answer.explanation if answer else "",
                    _evidence_text(evidence.get(ind.code, ())),
                )
                for column, value in enumerate(values, start=1):
                    put_cell(ws, row, column, value)
    style_sheet(ws, _LKE_WIDTHS, row)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:J{row}"
    check = DataValidation(
        type="whole", operator="between", formula1="1", formula2="5", allow_blank=True,
        showErrorMessage=True, errorTitle="Tingkat kematangan",
        error="Isi angka 1 sampai 5, atau kosongkan bila belum dinilai.",
    )
    check.add(f"H2:H{row}")
    ws.add_data_validation(check)


def _score_rows(agency: Agency, assessment: Assessment, scorecard: Scorecard) -> list[tuple]:
    predikat = scorecard.predikat + (" (sementara)" if scorecard.provisional else "")
    rows: list[tuple] = [
        ("Instansi", agency.name),
        ("Penilaian", KIND_LABELS.get(assessment.kind, assessment.kind)),
        ("Tahun", assessment.year),
        ("Edisi katalog", scorecard.edition),
        ("IPS", float(scorecard.ips)),
        ("IPS (tampilan)", scorecard.ips_display),
        ("Predikat", predikat),
        ("Indikator terjawab", scorecard.answered),
        ("Jumlah indikator", scorecard.total),
    ]
    if scorecard.provisional:
        rows.append(("IPS bila sisa indikator tingkat 5", float(scorecard.ips_ceiling)))
    return rows


def _write_nodes(ws, row: int, title: str, nodes: Iterable[NodeScore],
                 scorecard: Scorecard) -> int:
    from openpyxl.styles import Font

    row += 1
    for column, header in enumerate((title, "Nama", "Bobot (%)", "Indeks", "Indeks (tampilan)"), 1):
        put_cell(ws, row, column, header).font = Font(bold=True)
    for node in nodes:
        row += 1
        put_cell(ws, row, 1, int(node.code))
        put_cell(ws, row, 2, node.name)
        put_cell(ws, row, 3, float(node.weight), number_format="0.00")
        put_cell(ws, row, 4, float(node.index), number_format="0.00")
        put_cell(ws, row, 5, scorecard.display(node.index))  # the edition's rounding
    return row + 1


def _write_score_sheet(ws, agency: Agency, assessment: Assessment, scorecard: Scorecard) -> None:
    from openpyxl.styles import Alignment, Font

    put_cell(ws, 1, 1, "Ringkasan skor EPSS").font = Font(bold=True, size=13)
    row = 2
    for label, value in _score_rows(agency, assessment, scorecard):
        row += 1
        put_cell(ws, row, 1, label).font = Font(bold=True)
        fmt = "0.00" if isinstance(value, float) else None
        put_cell(ws, row, 2, value, number_format=fmt)
    row = _write_nodes(ws, row + 1, "Domain", scorecard.domains, scorecard)
    _write_nodes(ws, row, "Aspek", scorecard.aspects, scorecard)
    for letter, width in zip("ABCDE", (34, 40, 11, 9, 16), strict=True):
        ws.column_dimensions[letter].width = width
    for cells in ws.iter_rows():
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_worksheet(target: str | os.PathLike, catalog: Catalog, *, agency: Agency,
                    assessment: Assessment, answers: Mapping[str, Answer],
                    attachments: Iterable[Attachment], scorecard: Scorecard,
                    include_confidential: bool = False) -> None:
    """Write the LKE with our answers (sheet "LKE EPSS") and the score (sheet "Skor"), atomically.

    Confidential attachments are left out unless ``include_confidential``. Raises WorksheetError
    if a cell would exceed Excel's 32,767 characters (the target is then left untouched).
    """
    from openpyxl import Workbook

    evidence: dict[str, list[Attachment]] = {}
    for att in attachments:
        if include_confidential or not att.confidential:
            evidence.setdefault(att.indicator, []).append(att)
    wb = Workbook()
    lke = wb.active
    lke.title = SHEET_LKE
    _write_lke_sheet(lke, catalog, answers, evidence)
    _write_score_sheet(wb.create_sheet(SHEET_SCORE), agency, assessment, scorecard)
    wb.properties.title = f"LKE EPSS {agency.name} {assessment.year}"
    wb.properties.creator = "epss"
    with atomic_output(target) as fh:
        wb.save(fh)


# -- an OPD's request sheet (issue 18) ---------------------------------------------------------

SHEET_REQUEST = "Permintaan OPD"
REQUEST_OPD, REQUEST_YEAR = "OPD", "Tahun"
REQUEST_HEADERS = ("Kegiatan", "PIC", "Tenggat", "Kriteria tingkat saat ini",
                   "Kriteria tingkat berikutnya", "Bukti yang diharapkan")
_REQUEST_WIDTHS = {**_LKE_WIDTHS, 11: 30, 12: 20, 13: 12, 14: 45, 15: 45, 16: 55}


def write_request_sheet(target: str | os.PathLike, catalog: Catalog, *, agency: Agency,
                        assessment: Assessment, opd: str, rows: Iterable[RequestRow],
                        answers: Mapping[str, Answer],
                        evidence: Mapping[str, list[Attachment]]) -> None:
    """The LKE rows of one OPD's indicators (the same columns, so ``read_worksheet`` reads it
    back) plus what the OPD must send, and a sheet naming the OPD, atomically."""
    from openpyxl import Workbook

    wb = Workbook()
    lke = wb.active
    lke.title = SHEET_LKE
    for column, header in enumerate((*OUR_HEADERS, *REQUEST_HEADERS), start=1):
        put_cell(lke, 1, column, header)
    number = 1
    for req in rows:
        number += 1
        ind = catalog.indicator(req.code)
        aspect = catalog.aspect(ind.aspect_code)
        answer = answers.get(req.code)
        values = (
            catalog.domain(ind.domain_code).name, int(aspect.code), aspect.name, int(ind.code),
            ind.name, ind.description, _criteria_text(ind),
            answer.level if answer else None, answer.explanation if answer else "",
            _evidence_text(evidence.get(req.code, ())),
            req.kegiatan, req.pic, req.due, req.current, req.next, req.expected,
        )
        for column, value in enumerate(values, start=1):
            put_cell(lke, number, column, value)
    style_sheet(lke, _REQUEST_WIDTHS, number)
    lke.freeze_panes = "A2"
    info = wb.create_sheet(SHEET_REQUEST)
    lines = (
        ("Lembar", "Permintaan bukti dukung untuk OPD"),
        (REQUEST_OPD, opd),
        ("Instansi", agency.name),
        ("Penilaian", f"{KIND_LABELS.get(assessment.kind, assessment.kind)} {assessment.year}"),
        (REQUEST_YEAR, assessment.year),
        ("Petunjuk", "Isi Tingkat terpilih dan Penjelasan, tulis tautan bukti di Bukti dukung "
                     "(satu baris: judul — https://...), kirim berkasnya terpisah. Tingkat dan "
                     "penjelasan menjadi usulan yang diperiksa walidata; tautan ditambahkan."),
    )
    for row, (label, shown) in enumerate(lines, start=1):
        put_cell(info, row, 1, label)
        put_cell(info, row, 2, shown)
    style_sheet(info, {1: 14, 2: 90}, len(lines), header_row=1)
    wb.properties.title = f"Permintaan EPSS {opd} {assessment.year}"
    wb.properties.creator = "epss"
    with atomic_output(target) as fh:
        wb.save(fh)


def _request(workbook) -> tuple[str, int | None]:
    """The OPD and year a request sheet was written for, or ("", None) for another workbook."""
    if SHEET_REQUEST not in workbook.sheetnames:
        return "", None
    found: dict[str, object] = {}
    for label, value, *_ in workbook[SHEET_REQUEST].iter_rows(min_row=1, max_row=20,
                                                                max_col=2, values_only=True):
        found.setdefault(_header_key(label), value)
    year: object = found.get(_header_key(REQUEST_YEAR))
    if isinstance(year, float) and year.is_integer():
        year = int(year)
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year.strip())
    return (_normal(cell_text(found.get(_header_key(REQUEST_OPD)))),
            year if isinstance(year, int) and not isinstance(year, bool) else None)


# -- opening an untrusted file ----------------------------------------------------------------


_NOT_XLSX = "bukan berkas xlsx (atau berkasnya rusak/terpotong)"


def _open_file(path: Path) -> BinaryIO:
    """The file, opened once, after the checks that need no parsing (exists, size)."""
    name = path.name
    if path.is_dir():
        raise WorksheetError(f"{name}: ini folder, bukan berkas xlsx")
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        raise WorksheetError(f"{name}: berkas tidak ditemukan") from None
    except OSError as exc:
        raise WorksheetError(f"{name}: berkas tidak bisa dibuka ({os_error_text(exc)})") from None
    size = os.fstat(fh.fileno()).st_size
    if size == 0 or size > MAX_FILE_BYTES:
        fh.close()
        if size == 0:
            raise WorksheetError(f"{name}: berkas kosong, bukan berkas xlsx")
        raise WorksheetError(f"{name}: berkas {size // (1024 * 1024)} MiB terlalu besar "
                             f"(paling besar {MAX_FILE_BYTES // (1024 * 1024)} MiB)")
    return fh


def _check_zip(name: str, fh: BinaryIO) -> None:
    """Refuse what is not a zip, or would unpack to far more than any worksheet (zip bomb)."""
    try:
        if not zipfile.is_zipfile(fh):
            raise WorksheetError(f"{name}: {_NOT_XLSX}")
        with zipfile.ZipFile(fh) as archive:
            members = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        raise WorksheetError(f"{name}: {_NOT_XLSX}") from None
    _check_members(name, members)
    fh.seek(0)


def _check_members(name: str, members: list[zipfile.ZipInfo]) -> None:
    unpacked = sum(info.file_size for info in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorksheetError(
            f"{name}: isi berkas terlalu besar setelah dibuka ({unpacked // (1024 * 1024)} MiB, "
            f"paling besar {MAX_UNPACKED_BYTES // (1024 * 1024)} MiB); berkas tidak dibaca"
        )
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
            raise WorksheetError(
                f"{name}: bagian {info.filename} memampat {ratio:.0f} kali (bom zip?); "
                "berkas tidak dibaca"
            )


def _unreadable(name: str, exc: Exception) -> WorksheetError:
    """openpyxl's refusal in Indonesian: its own text is English and may quote the file."""
    if isinstance(exc, KeyError):  # a part every workbook has is missing from the zip
        detail = "bagian wajib berkas Excel tidak ada (mungkin arsip ZIP biasa)"
    elif isinstance(exc, SyntaxError):  # xml.etree's ParseError
        detail = "isi XML di dalamnya rusak atau terpotong"
    elif isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        detail = "arsip di dalamnya rusak atau terpotong"
    elif isinstance(exc, OSError) and exc.errno is not None:
        detail = os_error_text(exc)
    elif isinstance(exc, MemoryError):
        detail = "isinya terlalu besar untuk dibuka"
    else:
        detail = "isinya tidak sesuai format xlsx"
    return WorksheetError(f"{name}: tidak bisa dibaca sebagai berkas Excel (.xlsx): {detail}")


def open_workbook(source: str | os.PathLike):
    from openpyxl import load_workbook

    path = Path(source)
    with _open_file(path) as fh:
        _check_zip(path.name, fh)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                workbook = load_workbook(fh, data_only=True, keep_links=False)
        except Exception as exc:  # any parser failure on an untrusted file
            raise _unreadable(path.name, exc) from None
    if not workbook.worksheets:
        raise WorksheetError(f"{path.name}: tidak ada lembar kerja di dalam berkas")
    return workbook


# -- finding the sheet and its rows -----------------------------------------------------------


@dataclass(frozen=True)
class _Sheet:
    ws: Any  # an openpyxl worksheet (openpyxl publishes no types)
    columns: dict[str, int]  # our header spelling -> 0-based index

    @property
    def title(self) -> str:
        return self.ws.title


def _header(ws, wanted: Iterable[str]) -> dict[str, int]:
    keys = {_header_key(h): h for h in wanted}
    row = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        header = keys.get(_header_key(value))
        if header and header not in found:
            found[header] = index
    return found


def _find_sheet(workbook, required: tuple[str, ...], optional: tuple[str, ...]):
    """The first sheet with every required header in row 1, or a Problem naming what is missing."""
    best: tuple[int, Any, dict[str, int]] | None = None
    for ws in workbook.worksheets:
        columns = _header(ws, required + optional)
        have = sum(h in columns for h in required)
        if have == len(required):
            return _Sheet(ws, columns), None
        if best is None or have > best[0]:
            best = (have, ws, columns)
    if best is None:
        return None, Problem("", None, None, "berkas tidak memuat lembar kerja apa pun")
    _, ws, columns = best
    missing = ", ".join(f'"{h}"' for h in required if h not in columns)
    message = f"kolom {missing} tidak ada di baris 1 lembar mana pun"
    return None, Problem(ws.title, 1, None, message)


def _data_rows(sheet: _Sheet, problems: list[Problem]) -> Iterator[tuple[int, tuple]]:
    """Non-empty rows below the header as (spreadsheet row, values), within the limits."""
    ws = sheet.ws
    bottom = _last_content_row(ws)
    last = min(bottom, MAX_SCAN_ROW)
    width = max(sheet.columns.values()) + 1
    count = 0
    rows = ws.iter_rows(min_row=2, max_row=last, max_col=width, values_only=True)
    for number, values in enumerate(rows, start=2):
        if all(is_blank(v) for v in values):
            continue
        count += 1
        if count > MAX_DATA_ROWS:
            message = (f"lebih dari {MAX_DATA_ROWS} baris terisi; "
                       "baris ini dan seterusnya tidak dibaca")
            problems.append(Problem(sheet.title, number, None, message))
            return
        yield number, values
    if bottom > last:
        message = f"ada isi sampai baris {bottom}; yang dibaca hanya sampai baris {last}"
        problems.append(Problem(sheet.title, last + 1, None, message))


def _last_content_row(ws) -> int:
    """The last row with a value in any cell (formatting alone does not count).

    Looks at the cells the file actually has (openpyxl's private cell map) rather than walking
    the grid, which would create a million cells for one stray value at the bottom of a sheet;
    without that map it falls back to ``max_row``, and the scan limit still holds.
    """
    cells = getattr(ws, "_cells", None)
    if not isinstance(cells, dict):
        return ws.max_row
    return max((r for (r, _), c in cells.items() if not is_blank(c.value)), default=1)


def _merged_rows(sheet: _Sheet, rows: Iterable[int], problems: list[Problem]) -> set[int]:
    """Rows touched by merged cells (reported once per range); they are not read."""
    used = {1, *rows}
    skipped: set[int] = set()
    for merged in sorted(sheet.ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        span = range(merged.min_row, merged.max_row + 1)
        hit = [r for r in span if r in used]
        if not hit:
            continue
        skipped.update(span)
        problems.append(Problem(
            sheet.title, hit[0], None,
            f"sel gabungan {merged.coord} tidak bisa dibaca; pisahkan sel (Unmerge) "
            "lalu isi setiap baris sendiri-sendiri",
        ))
    return skipped


def _cell(sheet: _Sheet, values: tuple, header: str) -> object:
    index = sheet.columns.get(header)
    return values[index] if index is not None and index < len(values) else None


def _code(value: object) -> str:
    """An indicator code from a number cell (10101, 10101.0) or text ("10101")."""
    if isinstance(value, bool):
        raise _Bad(COL_CODE, f"kode indikator harus angka lima digit, bukan {_shown(value)}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value.strip() if isinstance(value, str) else str(value)
    if isinstance(value, int | str) and re.fullmatch(r"[0-9]{5}", text):
        return text
    raise _Bad(COL_CODE, f"kode indikator harus angka lima digit, bukan {_shown(value)}")


def _rows_by_code(sheet: _Sheet, problems: list[Problem], content: tuple[str, ...],
                  present: set[str] | None = None) -> Iterator[tuple[int, str, tuple]]:
    """Rows that carry a well-formed, first-seen code; everything else becomes a Problem.

    A row without a code is ignored unless one of the ``content`` columns holds something.
    ``present`` collects every well-formed code a row names, also in rows not read (merged).
    """
    rows = list(_data_rows(sheet, problems))
    skipped = _merged_rows(sheet, (number for number, _ in rows), problems)
    seen: dict[str, int] = {}
    for number, values in rows:
        if present is not None:
            with contextlib.suppress(_Bad):
                present.add(_code(_cell(sheet, values, COL_CODE)))
        if number in skipped:
            continue
        raw = _cell(sheet, values, COL_CODE)
        if is_blank(raw):
            if any(not is_blank(_cell(sheet, values, h)) for h in content):
                problems.append(Problem(sheet.title, number, COL_CODE, "kode indikator kosong"))
            continue
        try:
            code = _code(raw)
        except _Bad as bad:
            problems.append(Problem(sheet.title, number, bad.column, bad.message))
            continue
        if code in seen:
            message = f"kode {code} sudah ada di baris {seen[code]}; baris ini tidak dibaca"
            problems.append(Problem(sheet.title, number, COL_CODE, message))
            continue
        seen[code] = number
        yield number, code, values


# -- reading answers --------------------------------------------------------------------------


def _level(value: object) -> int | None:
    if is_blank(value):
        return None
    number: object = value
    if isinstance(value, str) and _SMALL_NUMBER.fullmatch(value):
        number = int(value)
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if isinstance(number, int) and not isinstance(number, bool) and number in LEVELS:
        return number
    raise _Bad(COL_LEVEL, f"tingkat harus angka 1-5, bukan {_shown(value)}")


def _explanation(value: object) -> str:
    text = cell_text(value)
    if len(text) > MAX_EXPLANATION:
        raise _Bad(COL_EXPLANATION, f"penjelasan {len(text)} karakter, paling panjang "
                                    f"{MAX_EXPLANATION} karakter")
    return text


def _parse_link(line: str) -> SheetLink | None:
    """"title — url" (or a bare url): the url is the last word, one separator before it is dropped.

    Titles are whitespace-normalised and urls hold no whitespace, so our own lines come back
    exactly, even when the title itself contains or ends with "—".
    """
    *head, url = line.rsplit(None, 1)
    if not _URL_START.match(url):
        return None
    title = head[0].rstrip() if head else ""
    if title and title[-1] in _SEPARATORS:
        title = title[:-1]
    return SheetLink(_normal(title), url)


def _parse_file(line: str) -> str | None:
    """"title (berkas: name.pdf)" -> the title."""
    if not line.endswith(")") or FILE_MARK not in line:
        return None
    return _normal(line.rpartition(FILE_MARK)[0])


def _evidence(value: object) -> tuple[tuple[SheetLink, ...], tuple[str, ...], list[str]]:
    """Links and file titles from the evidence cell, and messages for links we cannot read."""
    from epss.core.errors import WorkspaceError
    from epss.core.validate import check_url

    links: list[SheetLink] = []
    files: list[str] = []
    errors: list[str] = []
    for raw_line in cell_text(value).split("\n"):
        line = raw_line.strip()
        if not line:
            continue
        link = _parse_link(line)
        if link is not None:
            try:
                check_url(link.url)
            except WorkspaceError as exc:
                errors.append(f"tautan {link.url[:80]}: {exc}")  # exc says what is wrong
                continue
            links.append(link)
        elif (title := _parse_file(line)) is not None:
            files.append(title)
        elif _URLISH.search(line):
            errors.append(f"baris bukti \"{line[:60]}\" tidak terbaca sebagai tautan; "
                          "tulis \"judul — https://...\"")
        else:  # free text naming a document: listed like a file, never silently dropped
            files.append(line)
    return tuple(links), tuple(files), errors


def _answer(sheet: _Sheet, number: int, code: str, values: tuple,
            problems: list[Problem]) -> SheetAnswer | None:
    found: list[Problem] = []
    level, explanation = None, ""
    try:
        level = _level(_cell(sheet, values, COL_LEVEL))
    except _Bad as bad:
        found.append(Problem(sheet.title, number, bad.column, bad.message))
    try:
        explanation = _explanation(_cell(sheet, values, COL_EXPLANATION))
    except _Bad as bad:
        found.append(Problem(sheet.title, number, bad.column, bad.message))
    links, files, errors = _evidence(_cell(sheet, values, COL_EVIDENCE))
    found.extend(Problem(sheet.title, number, COL_EVIDENCE, e) for e in errors)
    problems.extend(found)
    if found:
        return None
    return SheetAnswer(code, number, level, explanation, links, files)


def read_worksheet(source: str | os.PathLike, catalog: Catalog) -> WorksheetRead:
    """Answers from a filled-in LKE (our export or a copy a person filled in by hand).

    Raises WorksheetError only when the file cannot be read at all; everything else is a Problem.
    """
    workbook = open_workbook(source)
    sheet, missing = _find_sheet(workbook, (COL_CODE, COL_LEVEL), OPTIONAL_COLUMNS)
    if sheet is None:
        return WorksheetRead(missing.sheet, {}, (missing,), frozenset())
    problems: list[Problem] = []
    answers: dict[str, SheetAnswer] = {}
    present: set[str] = set()
    content = (COL_LEVEL, *OPTIONAL_COLUMNS)
    for number, code, values in _rows_by_code(sheet, problems, content, present):
        if not catalog.has_indicator(code):
            message = f"kode indikator {code} tidak ada di katalog EPSS"
            problems.append(Problem(sheet.title, number, COL_CODE, message))
            continue
        answer = _answer(sheet, number, code, values, problems)
        if answer is not None:
            answers[code] = answer
    _mark_formulas(Path(source), sheet, answers)
    columns = frozenset(h for h in OPTIONAL_COLUMNS if h in sheet.columns)
    missing = tuple(c for c in catalog.codes if c not in present)
    return WorksheetRead(sheet.title, answers, _sorted(problems), columns, missing,
                         *_request(workbook))


def _mark_formulas(path: Path, sheet: _Sheet, answers: dict[str, SheetAnswer]) -> None:
    """Flag the empty level and explanation cells that are really formulas without a value."""
    empty = {(a.row, COL_LEVEL): code for code, a in answers.items() if a.level is None}
    if COL_EXPLANATION in sheet.columns:
        empty.update({(a.row, COL_EXPLANATION): code for code, a in answers.items()
                      if a.explanation == ""})
    if not empty:
        return
    for number, header in _formula_cells(path, sheet, set(empty)):
        code = empty[number, header]
        if header == COL_LEVEL:
            answers[code] = dataclasses.replace(answers[code], formula=True)
        else:
            answers[code] = dataclasses.replace(answers[code], explanation_formula=True)


def _formula_cells(path: Path, sheet: _Sheet, cells: set[tuple[int, str]]
                   ) -> set[tuple[int, str]]:
    """Which of ``cells`` (row, our header) hold a formula.

    Read for its values (as everything else is), a formula the file carries no computed value
    for is indistinguishable from an empty cell; only a second, streaming read that keeps
    formulas can tell them apart. Done only when some level or explanation cell read as empty.
    """
    from openpyxl import load_workbook

    headers = {sheet.columns[h] + 1: h for h in {h for _, h in cells}}
    rows = [number for number, _ in cells]
    with _open_file(path) as fh:
        _check_zip(path.name, fh)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                workbook = load_workbook(fh, read_only=True, data_only=False, keep_links=False)
                try:
                    found = workbook[sheet.title].iter_rows(
                        min_row=min(rows), max_row=max(rows),
                        min_col=min(headers), max_col=max(headers))
                    return {(cell.row, headers[cell.column]) for line in found for cell in line
                            if cell.data_type == "f" and cell.column in headers
                            and (cell.row, headers[cell.column]) in cells}
                finally:
                    workbook.close()
        except Exception as exc:  # read once already: only a file changed meanwhile lands here
            raise _unreadable(path.name, exc) from None


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=lambda p: p.row or 0))


# -- reading the official wording -------------------------------------------------------------


def _lines(value: object) -> list[str]:
    """The cell's lines with trailing whitespace stripped and trailing blank lines dropped."""
    lines = [line.rstrip() for line in cell_text(value).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _levels(value: object) -> dict[int, str]:
    """Split "1. ...\\n2. ...\\n...5. ..." into levels 1..5; an item may span several lines."""
    items: dict[int, list[str]] = {}
    for line in _lines(value):
        match = _LEVEL_ITEM.match(line)
        if match:
            number = int(match["number"])
            if number != len(items) + 1 or number not in LEVELS:
                raise _Bad(COL_CRITERIA, _order_message(items, number))
            items[number] = [match["text"].strip()]
        elif items:
            items[len(items)].append(line)
        elif line.strip():
            raise _Bad(COL_CRITERIA, 'tingkat kematangan harus diawali "1. ..."')
    if len(items) != len(LEVELS):
        raise _Bad(COL_CRITERIA, _order_message(items, None))
    levels = {level: "\n".join(_trim(lines)) for level, lines in items.items()}
    empty = [str(level) for level, text in levels.items() if not text]
    if empty:
        raise _Bad(COL_CRITERIA, f"uraian tingkat {', '.join(empty)} kosong")
    return levels


def _order_message(items: Mapping[int, list[str]], then: int | None) -> str:
    read = ", ".join(f"{n}." for n in items) or "tidak ada butir"
    after = f", lalu {then}." if then is not None else ""
    return f"tingkat kematangan harus berisi butir 1. sampai 5. berurutan (terbaca: {read}{after})"


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _wording(sheet: _Sheet, code: str, values: tuple) -> Wording:
    name = _normal(cell_text(_cell(sheet, values, COL_NAME)))
    if not name:
        raise _Bad(COL_NAME, "nama indikator kosong")
    description = "\n".join(_lines(_cell(sheet, values, COL_DESCRIPTION)))
    return Wording(code, name, description, _levels(_cell(sheet, values, COL_CRITERIA)))


def read_criteria(source: str | os.PathLike, catalog: Catalog) -> CriteriaRead:
    """The wording (names, descriptions, level criteria) of an official LKE or of our export."""
    workbook = open_workbook(source)
    required = (COL_CODE, COL_NAME, COL_CRITERIA)
    sheet, missing_header = _find_sheet(workbook, required, (COL_DESCRIPTION,))
    if sheet is None:
        return CriteriaRead(missing_header.sheet, {}, catalog.codes, (), (), (missing_header,))
    problems: list[Problem] = []
    wording: dict[str, Wording] = {}
    present: list[str] = []
    for number, code, values in _rows_by_code(sheet, problems, (COL_NAME, COL_CRITERIA)):
        present.append(code)
        if not catalog.has_indicator(code):
            continue
        try:
            wording[code] = _wording(sheet, code, values)
        except _Bad as bad:
            problems.append(Problem(sheet.title, number, bad.column, bad.message))
    renamed = tuple(
        (code, catalog.indicator(code).name, w.name)
        for code, w in wording.items()
        if _normal(catalog.indicator(code).name) != w.name
    )
    return CriteriaRead(
        sheet=sheet.title,
        wording=wording,
        missing=tuple(c for c in catalog.codes if c not in present),
        extra=tuple(c for c in present if not catalog.has_indicator(c)),
        renamed=renamed,
        problems=_sorted(problems),
    )
