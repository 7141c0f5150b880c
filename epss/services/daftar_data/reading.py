"""Reading the files offices have: the daftar data (the provincial "Format Daftar Data Daerah"
worksheet, or any CSV/XLSX with a header mapping) and the portal listing (CSV/XLSX, or the JSON
of a CKAN ``package_search`` / ``package_list`` response saved from a browser).

Every problem is collected with its row, column and reason, and nothing is returned unless the
whole file is good: an import takes all of a file or none of it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from epss.core.daftar_data import JENIS, KLASIFIKASI, Dataset, Item, ScheduleError, schedule
from epss.core.errors import WorkspaceError

MAX_BYTES = 64 * 1024 * 1024
MAX_LISTED = 10  # problems named in the message; the rest are counted

# field -> (label shown to users, header aliases as normalised text)
ITEM_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "id": ("ID", ("id", "id data", "iddata", "no id", "id daftar data")),
    "kode_indikator": ("Kode Indikator", ("kode indikator", "kode ind")),
    "nama_indikator": ("Nama Indikator", ("nama indikator", "indikator")),
    "nama_data": ("Nama Data", ("nama data", "judul data", "uraian data", "data")),
    "jenis": ("Jenis", ("jenis", "jenis data")),
    "produsen": ("Produsen Data", ("produsen data", "produsen", "opd", "perangkat daerah",
                                   "opd produsen", "opd pengampu", "produsen data opd")),
    "klasifikasi": ("Klasifikasi", ("klasifikasi", "klasifikasi data", "sifat data")),
    "satuan": ("Satuan", ("satuan",)),
    "jadwal": ("Jadwal Pemutakhiran", ("jadwal pemutakhiran", "periode pemutakhiran",
                                       "frekuensi pemutakhiran", "jadwal pembaruan")),
    "kode_metadata": ("Kode Metadata INDAH", ("kode metadata indah", "kode metadata",
                                              "kode indah")),
    "link_daerah": ("Link Portal Daerah", ("link portal daerah", "tautan portal daerah",
                                           "url portal daerah")),
    "link_sdi": ("Link Portal SDI", ("link portal sdi", "tautan portal sdi", "url portal sdi")),
    "sektor": ("Sektor", ("sektor", "urusan", "bidang urusan", "sektor urusan")),
}
ITEM_REQUIRED = ("id", "nama_data", "produsen", "jadwal")

DATASET_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "id": ("ID", ("id", "name", "slug", "id dataset", "nama dataset id")),
    "title": ("Judul", ("judul", "title", "judul dataset", "nama dataset", "nama data")),
    "kode_metadata": ("Kode Metadata INDAH", ("kode metadata indah", "kode metadata",
                                              "kode indah")),
    "organisasi": ("Organisasi", ("organisasi", "organization", "produsen", "opd",
                                  "produsen data")),
    "modified": ("Terakhir diperbarui", ("terakhir diperbarui", "metadata modified",
                                         "modified", "tanggal pembaruan", "diperbarui",
                                         "last modified", "tanggal diperbarui")),
    "url": ("URL", ("url", "link", "tautan")),
    "ref": ("ID Daftar Data", ("id daftar data", "daftar data id")),
}
DATASET_REQUIRED = ("title",)


class Problems:
    """Problems of one file, each with its row and column."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[str] = []

    def add(self, row: int | None, column: str, reason: str) -> None:
        where = f"baris {row}, " if row is not None else ""
        self.items.append(f'{where}kolom "{column}": {reason}' if column
                          else f"{where}{reason}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = "; ".join(self.items[:MAX_LISTED])
        more = len(self.items) - MAX_LISTED
        extra = f"; dan {more} masalah lain" if more > 0 else ""
        raise WorkspaceError(f"{self.name}: {len(self.items)} masalah, tidak ada yang diimpor: "
                             f"{shown}{extra}")


def norm_header(text: object) -> str:
    return " ".join(re.findall(r"[0-9a-z]+", str(text or "").casefold()))


# -- tables -------------------------------------------------------------------------------

@dataclass
class Table:
    """A sheet as rows of cells; ``first`` is the file's row number of ``rows[0]``."""

    rows: list[list[Any]]
    first: int = 1


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The first (or named) sheet of an XLSX, or a CSV (comma or semicolon, UTF-8 or
    Latin-1)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise WorkspaceError(f"{path}: berkas tidak bisa dibaca ({exc.strerror})") from None
    if not path.is_file():
        raise WorkspaceError(f"{path}: bukan berkas")
    if size > MAX_BYTES:
        raise WorkspaceError(f"{path.name}: berkas terlalu besar ({size // 2**20} MiB)")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if suffix in (".csv", ".txt"):
        if sheet:
            raise WorkspaceError("--sheet hanya untuk berkas XLSX")
        return _read_csv(path)
    raise WorkspaceError(f"{path.name}: jenis berkas tidak didukung (pakai .xlsx atau .csv)")


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise WorkspaceError(f"{path.name}: bukan berkas XLSX yang bisa dibaca ({exc})") from None
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise WorkspaceError(f"{path.name}: tidak ada lembar {sheet!r} (ada: "
                                     f"{', '.join(book.sheetnames)})")
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        if hasattr(ws, "reset_dimensions"):  # read-only: trust no stored size; no 2nd pass
            ws.reset_dimensions()
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    return Table(rows)


def _read_csv(path: Path) -> Table:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    head = text[:4096]
    delimiter = ";" if head.count(";") > head.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise WorkspaceError(f"{path.name}: CSV tidak bisa dibaca ({exc})") from None
    return Table([list(r) for r in rows])


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return " ".join(str(value).split())


# -- headers ------------------------------------------------------------------------------

def parse_mapping(pairs: Sequence[str], fields: Mapping[str, tuple[str, tuple[str, ...]]]
                  ) -> dict[str, str]:
    """``--map "Nama Data=Judul"`` -> {field: normalised header}; a field by key or label."""
    by_name = {norm_header(label): key for key, (label, _) in fields.items()}
    by_name |= {norm_header(key): key for key in fields}
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, header = pair.partition("=")
        key = by_name.get(norm_header(name))
        if not sep or not header.strip():
            raise WorkspaceError(f"--map {pair!r}: tulis KOLOM=JUDUL KOLOM DI BERKAS")
        if key is None:
            known = ", ".join(label for label, _ in fields.values())
            raise WorkspaceError(f"--map {pair!r}: kolom {name.strip()!r} tidak dikenal "
                                 f"(pilih dari: {known})")
        mapping[key] = norm_header(header)
    return mapping


def find_header(table: Table, fields: Mapping[str, tuple[str, tuple[str, ...]]],
                required: Sequence[str], mapping: Mapping[str, str], name: str,
                ) -> tuple[int, dict[str, int]]:
    """The header row (index into ``table.rows``) within the first 20 rows and the column
    of each field found there: a mapped header first, else the known names."""
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(table.rows[:20]):
        headers = [norm_header(c) for c in row]
        columns: dict[str, int] = {}
        for key, (_label, aliases) in fields.items():
            wanted = (mapping[key],) if key in mapping else aliases
            for alias in wanted:
                if alias in headers:
                    columns[key] = headers.index(alias)
                    break
        if best is None or len(columns) > len(best[1]):
            best = (index, columns)
        if all(k in columns for k in required):
            return index, columns
    found = best[1] if best else {}
    missing = [fields[k][0] for k in required if k not in found]
    mapped = [f'{fields[k][0]}="{mapping[k]}"' for k in missing if k in mapping]
    hint = (f" (judul yang dipetakan tidak ada: {', '.join(mapped)})" if mapped else
            "; petakan judul kolom berkas dengan --map \"Nama Data=Judul di berkas\"")
    raise WorkspaceError(f"{name}: kolom wajib tidak ditemukan di 20 baris pertama: "
                         f"{', '.join(missing)}{hint}")


def _records(table: Table, header: int, columns: Mapping[str, int]
             ) -> Iterator[tuple[int, dict[str, str], dict[str, Any]]]:
    """(file row number, texts, raw values) of each non-empty row below the header."""
    for offset, row in enumerate(table.rows[header + 1:], start=header + 1):
        raw = {k: row[i] if i < len(row) else None for k, i in columns.items()}
        texts = {k: cell_text(v) for k, v in raw.items()}
        if not any(texts.values()):
            continue
        yield table.first + offset, texts, raw


_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


# -- the daftar data ------------------------------------------------------------------------

def read_items(path: Path, *, mapping: Sequence[str] = (), sheet: str | None = None
               ) -> list[Item]:
    """The daftar data of ``path``, all rows or none (a WorkspaceError names each problem)."""
    table = read_table(path, sheet)
    fields = ITEM_FIELDS
    header, columns = find_header(table, fields, ITEM_REQUIRED, parse_mapping(mapping, fields),
                                  path.name)
    problems = Problems(path.name)
    items: list[Item] = []
    seen: dict[str, int] = {}
    for row, t, _raw in _records(table, header, columns):
        if _NUMBERING.match(t.get("id", "")) and _NUMBERING.match(t.get("nama_data", "")):
            continue  # the "(1) (2) (3)" row under a provincial header
        before = len(problems.items)
        for key in ITEM_REQUIRED:
            if not t.get(key):
                problems.add(row, fields[key][0], "kosong")
        if t.get("id") in seen:
            problems.add(row, "ID", f"{t['id']!r} sudah ada di baris {seen[t['id']]}")
        jenis, klas = t.get("jenis", "").casefold(), t.get("klasifikasi", "").casefold()
        if jenis and jenis not in JENIS:
            problems.add(row, "Jenis", f"{t['jenis']!r} bukan {'/'.join(JENIS)}")
        if klas and klas not in KLASIFIKASI:
            problems.add(row, "Klasifikasi", f"{t['klasifikasi']!r} bukan "
                         f"{'/'.join(k.capitalize() for k in KLASIFIKASI)}")
        if t.get("jadwal"):
            try:
                schedule(t["jadwal"])
            except ScheduleError as exc:
                problems.add(row, "Jadwal Pemutakhiran", str(exc))
        for key in ("link_daerah", "link_sdi"):
            link = t.get(key, "")
            if link and link != "-" and not re.match(r"^https?://\S+$", link, re.IGNORECASE):
                problems.add(row, fields[key][0], f"{link!r} bukan tautan http/https")
        if len(problems.items) > before:
            continue
        seen[t["id"]] = row
        items.append(Item(
            id=t["id"], nama_data=t["nama_data"], produsen=t["produsen"], jadwal=t["jadwal"],
            kode_indikator=t.get("kode_indikator", ""),
            nama_indikator=t.get("nama_indikator", ""), jenis=jenis,
            klasifikasi=klas, satuan=t.get("satuan", ""),
            kode_metadata=_dash(t.get("kode_metadata", "")),
            link_daerah=_dash(t.get("link_daerah", "")), link_sdi=_dash(t.get("link_sdi", "")),
            sektor=t.get("sektor", "")))
    problems.raise_if_any()
    if not items:
        raise WorkspaceError(f"{path.name}: tidak ada baris data di bawah judul kolom")
    return items


def _dash(text: str) -> str:
    return "" if text in ("-", "—") else text


# -- the portal listing ---------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(value: Any) -> date | None:
    """A date cell or text (ISO, CKAN's timestamp, 31/12/2024); None when empty; ValueError
    when it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text):
        text = text[:10]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def read_datasets(path: Path, *, mapping: Sequence[str] = (), sheet: str | None = None
                  ) -> list[Dataset]:
    """The portal listing of ``path``: CKAN JSON, or a CSV/XLSX table; all or none."""
    if path.suffix.lower() == ".json":
        return _read_ckan(path)
    table = read_table(path, sheet)
    fields = DATASET_FIELDS
    header, columns = find_header(table, fields, DATASET_REQUIRED,
                                  parse_mapping(mapping, fields), path.name)
    problems = Problems(path.name)
    result: list[Dataset] = []
    seen: dict[str, int] = {}
    for row, t, raw in _records(table, header, columns):
        ident = t.get("id") or f"baris-{row}"
        if not t.get("title"):
            problems.add(row, "Judul", "kosong")
            continue
        if ident in seen:
            problems.add(row, "ID", f"{ident!r} sudah ada di baris {seen[ident]}")
            continue
        try:
            modified = parse_date(raw.get("modified"))
        except ValueError:
            problems.add(row, DATASET_FIELDS["modified"][0],
                         f"{t.get('modified')!r} bukan tanggal (pakai 2024-12-31 atau 31/12/2024)")
            continue
        seen[ident] = row
        result.append(Dataset(ident, t["title"], _dash(t.get("kode_metadata", "")),
                              t.get("organisasi", ""), modified, t.get("url", ""),
                              t.get("ref", "")))
    problems.raise_if_any()
    return result


_CODE_KEYS = {"kode metadata indah", "kode metadata", "kode indah", "metadata indah"}
_REF_KEYS = {"id daftar data", "daftar data id", "kode daftar data"}


def _read_ckan(path: Path) -> list[Dataset]:
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise WorkspaceError(f"{name}: berkas terlalu besar ({size // 2**20} MiB)")
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise WorkspaceError(f"{path}: berkas tidak bisa dibaca ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WorkspaceError(f"{name}: bukan JSON yang sah ({exc})") from None
    if isinstance(data, dict) and data.get("success") is False:
        raise WorkspaceError(f"{name}: jawaban CKAN berisi galat: {data.get('error')}")
    result = data.get("result") if isinstance(data, dict) else data
    if isinstance(result, dict) and isinstance(result.get("results"), list):
        packages = result["results"]  # package_search
    elif isinstance(result, list):
        packages = result  # package_list (names), or a list of packages
    else:
        raise WorkspaceError(f"{name}: bukan jawaban CKAN package_search atau package_list "
                             "(tidak ada result.results atau result berupa daftar)")
    problems = Problems(name)
    datasets: list[Dataset] = []
    seen: set[str] = set()
    for n, package in enumerate(packages, 1):
        where = f"dataset ke-{n}"
        if isinstance(package, str):
            ident = package.strip()
            if not ident:
                problems.add(None, "", f"{where}: nama kosong")
                continue
            dataset = Dataset(ident, ident.replace("-", " ").replace("_", " "))
        elif isinstance(package, dict):
            try:
                dataset = _package(package)
            except ValueError as exc:
                problems.add(None, "", f"{where}: {exc}")
                continue
        else:
            problems.add(None, "", f"{where}: bukan objek dataset")
            continue
        if dataset.id in seen:
            problems.add(None, "", f"{where}: {dataset.id!r} muncul dua kali")
            continue
        seen.add(dataset.id)
        datasets.append(dataset)
    problems.raise_if_any()
    return datasets


def _package(package: dict[str, Any]) -> Dataset:
    ident = str(package.get("name") or package.get("id") or "").strip()
    title = " ".join(str(package.get("title") or ident).split())
    if not ident:
        raise ValueError("tanpa name/id")
    try:
        modified = parse_date(package.get("metadata_modified") or package.get("modified"))
    except ValueError as exc:
        raise ValueError(f"metadata_modified {exc.args[0]!r} bukan tanggal") from None
    code = ref = ""
    extras = package.get("extras") or []
    pairs = ([(e.get("key"), e.get("value")) for e in extras if isinstance(e, dict)]
             if isinstance(extras, list) else [])
    pairs += [(k, v) for k, v in package.items() if isinstance(v, str)]
    for key, value in pairs:
        k = norm_header(key)
        if k in _CODE_KEYS and value:
            code = str(value).strip()
        elif k in _REF_KEYS and value:
            ref = str(value).strip()
    org = package.get("organization")
    organisasi = str(org.get("title") or org.get("name") or "") if isinstance(org, dict) else ""
    url = str(package.get("url") or "")
    return Dataset(ident, title, _dash(code), organisasi, modified, url, ref)
