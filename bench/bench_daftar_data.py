"""Daftar data at a province's scale: a 10,000-item list (provincial XLSX format) and a
12,000-dataset portal (CKAN package_search JSON): import the list, import the portal (which
matches), and compute the status. Prints the figures; the target is import + match + status
within 3 s on a two-core machine.

    .venv/bin/python bench/bench_daftar_data.py
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from epss.services.daftar_data import DaftarData
from epss.services.workspace import Workspace

ITEMS, DATASETS = 10_000, 12_000
_WORDS = ("jumlah penduduk luas wilayah produksi padi jagung kedelai sekolah guru murid rumah "
          "sakit puskesmas jalan jembatan irigasi pasar hotel restoran wisatawan kendaraan "
          "pendapatan belanja kecamatan desa kelurahan menurut jenis kelamin umur tahun "
          "ternak ikan tangkap budidaya listrik air bersih sampah")
WORDS = _WORDS.split()
OPD = [f"Dinas {w.capitalize()} {n}" for n, w in enumerate(WORDS[:40])]
JADWAL = ("Tahunan", "Semesteran", "Triwulanan", "Bulanan", "Tidak tentu")


def make_files(folder: Path) -> tuple[Path, Path]:
    rnd = random.Random(20)
    titles = [" ".join(rnd.sample(WORDS, 6)) + f" {n}" for n in range(ITEMS)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Daftar Data")
    sheet.append(["FORMAT DAFTAR DATA DAERAH"])
    sheet.append(["ID", "Kode Indikator", "Nama Indikator", "Nama Data", "Jenis",
                  "Produsen Data", "Klasifikasi", "Satuan", "Jadwal Pemutakhiran",
                  "Kode Metadata INDAH", "Link Portal Daerah", "Link Portal SDI"])
    packages = []
    base = date(2025, 3, 10)
    for n, title in enumerate(titles):
        kind = n % 10  # 0-5 by ID (link), 6-7 by metadata code, 8 by title, 9 not on portal
        slug = f"ds-{n}"
        code = f"INDAH-{n:05d}" if kind in (6, 7) else ""
        sheet.append([f"DD-{n:05d}", f"1.{n % 30:02d}", "Indikator", title, "statistik",
                      OPD[n % len(OPD)], "Terbuka", "unit", JADWAL[n % len(JADWAL)], code,
                      f"https://data.contoh.go.id/dataset/{slug}" if kind < 6 else "-", "-"])
        if kind == 9:
            continue
        modified = base - timedelta(days=rnd.randrange(0, 600))
        extras = [{"key": "kode_metadata_indah", "value": code}] if code else []
        packages.append({"id": f"uuid-{n}", "name": slug if kind < 8 else f"lain-{n}",
                         "title": title.title(), "metadata_modified": modified.isoformat()
                         + "T08:00:00", "organization": {"title": OPD[n % len(OPD)]},
                         "extras": extras})
    for n in range(len(packages), DATASETS):  # datasets the list does not ask for
        packages.append({"id": f"x-{n}", "name": f"x-{n}",
                         "title": " ".join(rnd.sample(WORDS, 5)) + f" x{n}",
                         "metadata_modified": "2024-01-01T00:00:00"})
    list_path = folder / "daftar.xlsx"
    book.save(list_path)
    portal = folder / "package_search.json"
    portal.write_text(json.dumps({"success": True, "result": {"count": len(packages),
                                                               "results": packages}}))
    return list_path, portal


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        list_path, portal = make_files(folder)
        ws = Workspace.create(folder / "ws", name="Provinsi Bench", kind="provinsi", code="99")
        desk = DaftarData(ws)
        t0 = time.perf_counter()
        items = desk.import_items(list_path)
        t1 = time.perf_counter()
        datasets = desk.import_portal(portal)
        t2 = time.perf_counter()
        recap = desk.recap(date(2025, 3, 10))
        t3 = time.perf_counter()
        desk.import_items(list_path)
        t4 = time.perf_counter()
        ws.close()
    print(f"list: {items.total} items, portal: {datasets.total} datasets "
          f"({datasets.matched} matched, {datasets.uncertain} uncertain)")
    print(f"import list (XLSX)          {t1 - t0:6.2f} s")
    print(f"import portal + match (JSON) {t2 - t1:6.2f} s")
    print(f"status of every item and OPD {t3 - t2:6.2f} s  ({len(recap.opd)} OPD, "
          f"{recap.total.fulfilled}/{recap.total.items} fulfilled, "
          f"{recap.total.overdue} overdue)")
    print(f"total                        {t3 - t0:6.2f} s  (target ≤ 3 s)")
    print(f"re-import of the same list   {t4 - t3:6.2f} s  (rematch included)")


if __name__ == "__main__":
    main()
