"""`epss daftar-data`: every command walked on the fixtures, and refusals that change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from epss.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "daftar_data"


def run(ws, *args: str) -> str:
    result = CliRunner().invoke(main, ["-w", str(ws.root), "daftar-data", *args])
    assert result.exit_code == 0, (result.output, result.stderr)
    return result.output


@pytest.fixture
def loaded(workspace):
    run(workspace, "import", str(FIXTURES / "format-daftar-data-daerah.xlsx"))
    run(workspace, "import", "--portal", str(FIXTURES / "ckan-package-search.json"))
    return workspace


def test_import_match_confirm_status(workspace):
    out = run(workspace, "import", str(FIXTURES / "format-daftar-data-daerah.xlsx"))
    assert "14 item daftar data diimpor: 14 baru, 0 berubah, 0 dihapus." in out
    out = run(workspace, "import", "--portal", str(FIXTURES / "ckan-package-search.json"),
              "--json")
    assert json.loads(out)["uncertain"] == 2
    out = run(workspace, "match")
    assert "2 kecocokan judul perlu dikonfirmasi" in out and "DD-014" in out
    assert "confirm" in out
    assert "dikonfirmasi cocok dengan dataset realisasi-belanja" in run(
        workspace, "confirm", "DD-014")
    assert "ditolak" in run(workspace, "confirm", "DD-009", "--reject")
    assert json.loads(run(workspace, "match", "--json"))["uncertain"] == []
    out = run(workspace, "status", "--date", "2025-03-10")
    assert "9/14 item di portal = 64,2 % (zona kuning); 1 terlambat" in out
    assert "Dinas Pertanian" in out and "MERAH" in out and "HIJAU" in out
    out = run(workspace, "status", "--date", "2025-03-10", "--opd", "kesehatan")
    assert "DD-002       terlambat" in out
    assert "Pertanian" in run(workspace, "status", "--by", "sektor")
    data = json.loads(run(workspace, "status", "--date", "2025-03-10", "--opd", "Pertanian",
                          "--json"))
    assert data["total"]["zone"] == "kuning" and len(data["items"]) == 3


def test_mapped_import(workspace):
    out = run(workspace, "import", str(FIXTURES / "daftar-data-opd.csv"), "--map", "ID=No Urut",
              "--map", "Nama Data=Judul", "--map", "Produsen Data=Perangkat Daerah",
              "--map", "Jadwal Pemutakhiran=Periode")
    assert "14 item daftar data diimpor" in out


def test_reports_and_attach(loaded, tmp_path):
    out = run(loaded, "report", "--format", "xlsx", "-o", str(tmp_path / "r.xlsx"),
              "--opd", "Pendidikan", "--date", "2025-03-10")
    assert "Rekap ditulis" in out
    assert load_workbook(tmp_path / "r.xlsx").sheetnames == ["Rekap", "Dinas Pendidikan"]
    loaded.new_assessment(2024)
    out = run(loaded, "report", "--attach", "--indicator", "20401", "--year", "2024",
              "--kind", "mandiri")
    assert "Dilampirkan sebagai bukti dukung pada 20401" in out
    assert (loaded.root / "reports" / "rekap-daftar-data.pdf").exists()
    assert [a.indicator for a in loaded.evidence(loaded.assessment(2024).id)] == ["20401"]


@pytest.mark.parametrize(("args", "fragment"), [
    (["import", "FIX/daftar-data-salah.csv"], 'baris 3, kolom "Jadwal Pemutakhiran"'),
    (["status", "--date", "2025-13-01"], "YYYY-MM-DD"),
    (["status", "--opd", "Sosial"], "tidak ada OPD"),
    (["confirm", "DD-404"], "tidak ada item"),
    (["confirm", "DD-014", "--dataset", "x", "--reject"], "tidak keduanya"),
    (["report", "--attach"], "belum ada penilaian"),
    (["report", "--attach", "--format", "xlsx"], "hanya untuk rekap PDF"),
    (["report", "--indicator", "20401"], "hanya bersama --attach"),
    (["report", "-o", "x.txt"], "berakhiran .pdf"),
])
def test_refusals_change_nothing(loaded, refused, args, fragment):
    args = [a.replace("FIX", str(FIXTURES)) for a in args]
    refused(loaded, ["daftar-data", *args], fragment)


def test_attach_to_an_unknown_indicator_writes_nothing(loaded, refused):
    loaded.new_assessment(2024)
    refused(loaded, ["daftar-data", "report", "--attach", "--indicator", "99999"], "99999")


def test_status_without_a_list(workspace, refused):
    refused(workspace, ["daftar-data", "status"], "belum ada daftar data")
