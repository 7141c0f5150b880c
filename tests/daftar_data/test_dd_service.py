"""Importing the daftar data and the portal listing, matching, the recap and attaching it as
evidence, on the fixtures in tests/fixtures/daftar_data (issue 20)."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from epss.core.errors import WorkspaceError
from epss.services.daftar_data import DaftarData, summary
from epss.services.daftar_data.recap import context

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "daftar_data"
PROVINCIAL = FIXTURES / "format-daftar-data-daerah.xlsx"
CKAN = FIXTURES / "ckan-package-search.json"
TODAY = date(2025, 3, 10)


@pytest.fixture
def desk(workspace) -> DaftarData:
    return DaftarData(workspace)


@pytest.fixture
def loaded(desk) -> DaftarData:
    desk.import_items(PROVINCIAL)
    desk.import_portal(CKAN)
    return desk


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


# -- the daftar data ---------------------------------------------------------------------------

def test_the_provincial_format_is_read_below_its_title_and_numbering_rows(desk):
    result = desk.import_items(PROVINCIAL)
    assert result.total == 14 and len(result.added) == 14
    items = desk.items()
    first = items[0]
    assert (first.id, first.kode_indikator, first.jenis, first.produsen, first.klasifikasi,
            first.satuan, first.jadwal, first.kode_metadata, first.sektor) == (
        "DD-001", "1.02.01", "statistik", "Dinas Kesehatan", "terbuka", "per 1000 KH",
        "Tahunan", "INDAH-KES-001", "Kesehatan")
    assert first.link_daerah == "https://data.contoh.go.id/dataset/akb-kecamatan"
    assert items[1].link_daerah == ""  # "-" means none
    events = desk.ws.store.events("daftar_data")
    assert events[-1].action == "import" and json.loads(events[-1].data)["total"] == 14


def _good_rows() -> list[list[str]]:
    """The provincial fixture's header and rows, as make_fixtures.py writes them."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures",
                                                  FIXTURES / "make_fixtures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [list(module.HEADER), *module.item_rows()]


def test_reimport_updates_by_id_and_reports_added_changed_removed(desk, tmp_path):
    good = _good_rows()
    desk.import_items(_write(tmp_path / "a.csv", good))
    good[1][3] = "Angka Kematian Bayi (revisi)"  # DD-001 changed
    del good[2]  # DD-002 removed
    good.append(["DD-099", "", "", "Data Baru", "statistik", "Dinas Baru", "Terbuka", "",
                 "Tahunan", "", "", "", ""])
    result = desk.import_items(_write(tmp_path / "b.csv", good))
    assert (result.added, result.changed, result.removed) == (["DD-099"], ["DD-001"],
                                                              ["DD-002"])
    assert [i.id for i in desk.items()][-1] == "DD-099"
    again = desk.import_items(tmp_path / "b.csv")
    assert (again.added, again.changed, again.removed) == ([], [], [])


def test_import_errors_name_row_column_reason_and_import_nothing(loaded, refused):
    message = refused(loaded.ws, lambda: loaded.import_items(FIXTURES / "daftar-data-salah.csv"),
                      "4 masalah, tidak ada yang diimpor",
                      'baris 3, kolom "Jadwal Pemutakhiran": jadwal pemutakhiran '
                      "'dwimingguan' tidak dikenal",
                      "baris 4, kolom \"Jenis\": 'tabel' bukan statistik/geospasial/keuangan",
                      "baris 5, kolom \"ID\": 'DD-001' sudah ada di baris 2",
                      'baris 6, kolom "Nama Data": kosong')
    assert message.startswith("daftar-data-salah.csv:")


def test_more_problems_than_listed_are_counted(desk, tmp_path, refused):
    rows = [["ID", "Nama Data", "Produsen Data", "Jadwal Pemutakhiran", "Klasifikasi"]]
    rows += [[f"X{n}", "Data", "Dinas", "Tahunan", "Rahasia"] for n in range(15)]
    refused(desk.ws, lambda: desk.import_items(_write(tmp_path / "x.csv", rows)),
            "15 masalah", "'Rahasia' bukan Terbuka/Terbatas/Tertutup", "dan 5 masalah lain")


def test_a_missing_required_column_is_named_with_the_mapping_hint(desk, refused):
    refused(desk.ws, lambda: desk.import_items(FIXTURES / "daftar-data-opd.csv"),
            "kolom wajib tidak ditemukan", "ID", "Nama Data", "--map")


def test_another_layout_reads_with_a_header_mapping(desk):
    result = desk.import_items(FIXTURES / "daftar-data-opd.csv", mapping=[
        "ID=No Urut", "Nama Data=Judul", "produsen=Perangkat Daerah",
        "Jadwal Pemutakhiran=Periode", "Kode Metadata INDAH=Kode INDAH"])
    assert result.total == 14
    assert desk.items()[1].kode_metadata == "INDAH-KES-002"


@pytest.mark.parametrize(("pair", "fragment"), [
    ("Nama Data", "KOLOM=JUDUL"), ("Warna=Judul", "kolom 'Warna' tidak dikenal"),
])
def test_a_bad_mapping_is_refused(desk, pair, fragment, refused):
    refused(desk.ws, lambda: desk.import_items(FIXTURES / "daftar-data-opd.csv",
                                               mapping=[pair]), fragment)


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("x.pdf", b"%PDF", "jenis berkas tidak didukung"),
    ("x.xlsx", b"not a zip", "bukan berkas XLSX"),
    ("x.json", b"{", "bukan JSON yang sah"),
    ("y.json", b'{"result": 3}', "bukan jawaban CKAN"),
    ("z.json", b'{"success": false, "error": {"message": "Not found"}}', "berisi galat"),
])
def test_unreadable_files_are_refused(desk, tmp_path, name, content, fragment, refused):
    path = tmp_path / name
    path.write_bytes(content)
    read = desk.import_portal if name.endswith(".json") else desk.import_items
    refused(desk.ws, lambda: read(path), fragment)


def test_a_missing_file_is_refused(desk, tmp_path, refused):
    refused(desk.ws, lambda: desk.import_items(tmp_path / "tidak-ada.xlsx"), "tidak-ada.xlsx")


def test_an_xlsx_sheet_by_name(desk, tmp_path, refused):
    book = Workbook()
    book.active.title = "Sampul"
    sheet = book.create_sheet("Daftar")
    sheet.append(["ID", "Nama Data", "Produsen Data", "Jadwal Pemutakhiran"])
    sheet.append(["A1", "Data A", "Dinas A", 'Tahunan'])
    book.save(tmp_path / "d.xlsx")
    refused(desk.ws, lambda: desk.import_items(tmp_path / "d.xlsx"), "kolom wajib")
    refused(desk.ws, lambda: desk.import_items(tmp_path / "d.xlsx", sheet="Lain"),
            "tidak ada lembar 'Lain'", "Sampul, Daftar")
    assert desk.import_items(tmp_path / "d.xlsx", sheet="Daftar").total == 1


# -- the portal and matching -----------------------------------------------------------------

def test_ckan_package_search_is_matched_by_id_code_and_title(loaded):
    matches = loaded.matches()
    got = {k: (m.dataset_id, m.method, m.state) for k, m in matches.items()}
    assert got["DD-001"] == ("akb-kecamatan", "id", "auto")  # Link Portal Daerah's slug
    assert got["DD-006"] == ("apm-sd", "id", "auto")
    assert got["DD-002"] == ("imunisasi-dasar", "kode_metadata", "auto")
    assert got["DD-005"] == ("stunting", "kode_metadata", "auto")
    assert got["DD-003"] == ("puskesmas-kecamatan", "judul", "auto")
    assert got["DD-009"][1:] == ("judul", "uncertain")  # "Jumlah Guru Menurut Jenjang"
    assert got["DD-014"][1:] == ("judul", "uncertain")  # "... 2024": just below acceptance
    assert "DD-012" not in got
    assert [i.id for i, _d, _m in loaded.uncertain()] == ["DD-009", "DD-014"]


def test_the_portal_as_csv_and_as_package_list(desk):
    desk.import_items(PROVINCIAL)
    result = desk.import_portal(FIXTURES / "portal-daftar-dataset.csv")
    assert result.total == 11
    by_id = {d.id: d for d in desk.datasets()}
    assert by_id["imunisasi-dasar"].modified == date(2023, 1, 15)
    assert by_id["imunisasi-dasar"].kode_metadata == "INDAH-KES-002"
    assert by_id["realisasi-belanja"].modified is None
    listing = desk.import_portal(FIXTURES / "ckan-package-list.json")
    assert listing.total == 11 and listing.changed  # titles from names, no dates
    assert desk.matches()["DD-001"].method == "id"


def test_a_bad_portal_date_names_row_and_column(desk, tmp_path, refused):
    rows = _rows(FIXTURES / "portal-daftar-dataset.csv")
    rows[3][4] = "kemarin"
    refused(desk.ws, lambda: desk.import_portal(_write(tmp_path / "p.csv", rows)),
            "baris 4, kolom \"Terakhir diperbarui\": 'kemarin' bukan tanggal")


def test_confirm_and_reject_survive_a_reimport(loaded, refused):
    loaded.confirm("DD-014")
    loaded.reject("DD-009")
    loaded.import_portal(CKAN)
    loaded.import_items(PROVINCIAL)
    matches = loaded.matches()
    assert matches["DD-014"].state == "confirmed"
    assert matches["DD-009"].state == "rejected"
    assert loaded.uncertain() == []
    actions = [e.action for e in loaded.ws.store.events("daftar_data")]
    assert "confirm" in actions and "reject" in actions
    refused(loaded.ws, lambda: loaded.confirm("DD-012"), "belum punya usulan dataset")
    refused(loaded.ws, lambda: loaded.confirm("DD-404"), "tidak ada item dengan ID")
    refused(loaded.ws, lambda: loaded.confirm("DD-012", "tidak-ada"), "tidak ada dataset")
    refused(loaded.ws, lambda: loaded.confirm("DD-012", "apm-sd"),
            "sudah dicocokkan dengan item DD-006")
    refused(loaded.ws, lambda: loaded.reject("DD-012"), "tidak punya kecocokan")


def test_a_manual_match_to_a_named_dataset(loaded):
    m = loaded.confirm("DD-012", "curah-hujan")
    assert (m.dataset_id, m.state) == ("curah-hujan", "confirmed")


# -- the recap ---------------------------------------------------------------------------------

def test_recap_per_opd_and_sector(loaded):
    loaded.confirm("DD-014")
    recap = loaded.recap(TODAY)
    by_name = {g.name: g for g in recap.opd}
    assert (recap.total.items, recap.total.fulfilled, recap.total.overdue) == (14, 9, 1)
    kes = by_name["Dinas Kesehatan"]
    assert (kes.items, kes.fulfilled, kes.overdue, kes.zone) == (5, 4, 1, "kuning")
    assert by_name["Badan Keuangan Daerah"].zone == "hijau"
    assert by_name["Dinas Pertanian"].zone == "merah"
    assert [g.name for g in recap.sectors] == ["Kesehatan", "Keuangan", "Pendidikan",
                                               "Pertanian"]
    status = {r.item.id: r.status for r in recap.rows}
    assert status["DD-002"] == "terlambat"  # updated 2023-01-15, yearly
    assert status["DD-005"] == "mutakhir"  # quarterly, due on the reference date itself
    assert status["DD-004"] == "belum"
    assert status["DD-014"] == "ada"  # the portal gives no date
    data = summary(recap)
    assert data["total"]["percent_display"] == "64,2" and data["total"]["zone"] == "kuning"
    assert recap.find_opd("pertanian").name == "Dinas Pertanian"
    with pytest.raises(WorkspaceError, match="beberapa OPD"):
        recap.find_opd("Dinas")
    with pytest.raises(WorkspaceError, match="tidak ada OPD"):
        recap.find_opd("Dinas Sosial")


def test_an_empty_workspace_has_an_empty_recap(desk):
    recap = desk.recap(TODAY)
    assert recap.rows == [] and recap.opd == [] and recap.total.zone == "merah"


def test_the_pdf_context_and_file(loaded, tmp_path):
    from reports import render_html

    ctx = context(loaded.ws, loaded.recap(TODAY), None)
    html = render_html("daftar_data.html.j2", ctx)
    assert "Rekap Pemenuhan Daftar Data" in html and "zona kuning" in html
    assert "DD-004  Peta Sebaran Rumah Sakit [Tahunan] belum ada" in html
    assert "built-in method" not in html  # a dict's "items" is the count, not dict.items
    target = loaded.write_pdf(tmp_path / "rekap.pdf", today=TODAY)
    assert target.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(target).pages).split())
    per_opd = {g["name"]: g["items"] for g in ctx["opd"]}
    assert per_opd["Dinas Kesehatan"] == 5
    assert "Dinas Kesehatan 5 " in text and "dari 14 item ada di portal" in text


def test_the_xlsx_has_a_sheet_per_opd(loaded, tmp_path):
    loaded.write_xlsx(tmp_path / "r.xlsx", today=TODAY)
    book = load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert book.sheetnames == ["Rekap", "Badan Keuangan Daerah", "Dinas Kesehatan",
                               "Dinas Pendidikan", "Dinas Pertanian"]
    rows = list(book["Dinas Kesehatan"].iter_rows(values_only=True))
    assert rows[0][0] == "ID" and rows[2][8] == "terlambat"
    loaded.write_xlsx(tmp_path / "one.xlsx", today=TODAY, opd="Pertanian")
    assert load_workbook(tmp_path / "one.xlsx").sheetnames == ["Rekap", "Dinas Pertanian"]


def test_the_recap_is_attached_as_evidence_to_its_indicators(loaded, tmp_path, refused):
    ws = loaded.ws
    assessment = ws.new_assessment(2024)
    pdf = loaded.write_pdf(tmp_path / "rekap.pdf", today=TODAY)
    ids = loaded.attach(assessment.id, pdf)
    assert [ws.store.get_attachment(i).indicator for i in ids] == ["20401", "40302"]
    assert all(ws.evidence_path(ws.store.get_attachment(i)).exists() for i in ids)
    # the same file again: refused for both, nothing attached
    refused(ws, lambda: loaded.attach(assessment.id, pdf), "sudah dilampirkan")
    refused(ws, lambda: loaded.attach(assessment.id, pdf, ["99999"]), "99999")
    ws.set_status(assessment.id, "final")
    copy = shutil.copy(pdf, tmp_path / "lain.pdf")
    refused(ws, lambda: loaded.attach(assessment.id, Path(copy), ["10101"]), "final")
