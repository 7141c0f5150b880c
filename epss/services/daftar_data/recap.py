"""The recap to send out: a PDF (reports/templates/daftar_data.html.j2) and an XLSX with one sheet
per OPD. Plain values only go to the template; both files are written atomically."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epss import __version__
from epss.core import daftar_data as dd
from epss.core.daftar_data import Group, ItemStatus
from epss.core.errors import WorkspaceError

if TYPE_CHECKING:
    from epss.services.daftar_data import Recap
    from epss.services.workspace import Workspace

TEMPLATE = "daftar_data.html.j2"
ZONE_RULE = "hijau ≥ 90 %, kuning 50–89 %, merah < 50 %"
STATUS_RULE = ("Terpenuhi: dataset di portal cocok dengan item (lewat ID, Kode Metadata INDAH, "
               "atau judul yang dikonfirmasi). Mutakhir/terlambat: tanggal pembaruan terakhir "
               "di portal ditambah jadwal pemutakhiran, dibandingkan dengan tanggal acuan.")


def _group(g: Group) -> dict[str, Any]:
    return {"name": g.name or "Semua OPD", "items": g.items, "fulfilled": g.fulfilled,
            "current": g.current, "overdue": g.overdue, "metadata": g.metadata,
            "percent": dd.percent_text(g.percent), "zone": g.zone}


def _status_line(r: ItemStatus) -> str:
    item = r.item
    where = f" — portal: {r.dataset.id}" if r.dataset else ""
    due = f", jatuh tempo {r.due.isoformat()}" if r.due else ""
    return (f"{item.id}  {item.nama_data} [{item.jadwal}] "
            f"{dd.STATUS_LABELS[r.status]}{due}{where}")


def context(ws: Workspace, recap: Recap, only: Group | None) -> dict[str, Any]:
    chosen = [only] if only else recap.opd
    agency = ws.agency
    return {
        "document": {"title": "Rekap Pemenuhan Daftar Data",
                     "heading": "Rekap Pemenuhan Daftar Data",
                     "subject": f"Pemenuhan daftar data per OPD per {recap.today.isoformat()}",
                     "language": "id", "generated": recap.today.isoformat(),
                     "tool": f"epss {__version__}"},
        "agency": {"name": agency.name, "code": agency.code},
        "assessment": {"year": recap.today.year},
        "total": _group(only or recap.total),
        "opd": [_group(g) for g in chosen],
        "sectors": [] if only else [_group(g) for g in recap.sectors],
        "rules": {"zones": ZONE_RULE, "status": STATUS_RULE},
        "counts": {"datasets": recap.datasets, "uncertain": recap.uncertain},
        "details": [{"name": g.name,
                     "lines": "\n".join(_status_line(r) for r in g.statuses
                                        if r.status in ("belum", "terlambat"))}
                    for g in chosen],
    }


def write_pdf(ws: Workspace, recap: Recap, target: Path, only: Group | None) -> None:
    from reports.renderer import render

    _write(target, render(TEMPLATE, context(ws, recap, only)))


def _write(target: Path, data: bytes) -> None:
    """Atomically; a failure (no room, no permission) is a WorkspaceError with the reason.
    (Not dossier.write_output: the dossier imports the workspace, which imports this.)"""
    from epss.fileio import OutputError, write_atomic

    try:
        write_atomic(target, data)
    except OutputError as exc:
        raise WorkspaceError(str(exc)) from None


HEADERS = ("ID", "Kode Indikator", "Nama Indikator", "Nama Data", "Jenis", "Klasifikasi",
           "Satuan", "Jadwal Pemutakhiran", "Status", "Dataset portal", "Terakhir diperbarui",
           "Jatuh tempo", "Kode Metadata INDAH", "Cocok lewat")
GROUP_HEADERS = ("OPD", "Item", "Di portal", "Mutakhir", "Terlambat", "Bermetadata",
                 "Pemenuhan (%)", "Zona")


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", " ", name).strip()[:28] or "OPD"
    candidate, n = base, 2
    while candidate.casefold() in used:
        candidate, n = f"{base[:25]} {n}", n + 1
    used.add(candidate.casefold())
    return candidate


def _item_row(r: ItemStatus) -> list[Any]:
    i, d, m = r.item, r.dataset, r.match
    return [i.id, i.kode_indikator, i.nama_indikator, i.nama_data, i.jenis, i.klasifikasi,
            i.satuan, i.jadwal, dd.STATUS_LABELS[r.status], d.title if d else "",
            d.modified.isoformat() if d and d.modified else "",
            r.due.isoformat() if r.due else "", i.kode_metadata or (d.kode_metadata if d else ""),
            dd.METHOD_LABELS[m.method] if m else ""]


def write_xlsx(ws: Workspace, recap: Recap, target: Path, only: Group | None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Rekap"
    sheet.append([f"Rekap pemenuhan daftar data — {ws.agency.name}"])
    sheet.append([f"Tanggal acuan {recap.today.isoformat()}; zona: {ZONE_RULE}"])
    sheet.append(list(GROUP_HEADERS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    chosen = [only] if only else recap.opd
    for g in [*chosen, *([] if only else [recap.total])]:
        x = _group(g)
        sheet.append([x["name"], g.items, g.fulfilled, g.current, g.overdue, g.metadata,
                      float(round(g.percent, 1)), g.zone])
    sheet.freeze_panes = "A4"
    used = {"rekap"}
    for g in chosen:
        page = book.create_sheet(_sheet_name(g.name, used))
        page.append(list(HEADERS))
        for cell in page[1]:
            cell.font = Font(bold=True)
        for r in g.statuses:
            page.append(_item_row(r))
        page.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    _write(target, buffer.getvalue())
